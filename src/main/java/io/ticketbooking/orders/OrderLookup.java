package io.ticketbooking.orders;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other modules may know of an order, read from the orders module's own table. */
@Service
public class OrderLookup {

	private final OrderRepository orders;

	OrderLookup(OrderRepository orders) {
		this.orders = orders;
	}

	/** An order as other modules see it. */
	public record OrderFacts(UUID id, UUID userId, OrderStatus status, int quantity, UUID eventId, UUID ticketTypeId) {

	}

	public Optional<OrderFacts> find(UUID orderId) {
		return this.orders.find(orderId)
			.map((o) -> new OrderFacts(o.id(), o.userId(), o.status(), o.quantity(), o.eventId(), o.ticketTypeId()));
	}

}
