package io.ticketbooking.orders;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other modules may know of an order, read from the orders module's own table. */
@Service
public class OrderLookup {

	private final OrderRepository orders;

	private final SalesRepository sales;

	OrderLookup(OrderRepository orders, SalesRepository sales) {
		this.orders = orders;
		this.sales = sales;
	}

	/**
	 * An event's units in orders: {@code held} in reservations not yet paid (they come
	 * back if the hold ends unpaid), {@code sold} in paid ones.
	 */
	public record EventSales(long held, long sold) {
	}

	public EventSales sales(UUID eventId) {
		long held = 0;
		long sold = 0;
		for (long[] soldAndHeld : this.sales.unitsByStatus(List.of(eventId)).values()) {
			sold += soldAndHeld[0];
			held += soldAndHeld[1];
		}
		return new EventSales(held, sold);
	}

	/**
	 * An order as other modules see it.
	 *
	 * @param quantity units over all lines
	 * @param ticketTypeId the first line's ticket type
	 * @param lines units per ticket type, each type once
	 */
	public record OrderFacts(UUID id, UUID userId, OrderStatus status, int quantity, UUID eventId, UUID ticketTypeId,
			List<Line> lines) {

		public record Line(UUID ticketTypeId, int quantity) {
		}

	}

	public Optional<OrderFacts> find(UUID orderId) {
		return this.orders.find(orderId)
			.map((o) -> new OrderFacts(o.id(), o.userId(), o.status(), o.quantity(), o.eventId(), o.ticketTypeId(),
					o.lines().stream().map((l) -> new OrderFacts.Line(l.ticketTypeId(), l.quantity())).toList()));
	}

}
