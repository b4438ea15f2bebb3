package io.ticketbooking.tickets;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.orders.OrderLookup.OrderFacts;
import io.ticketbooking.orders.OrderStatus;

/**
 * What issuing an order's tickets needs to know, gathered from the modules that own it:
 * the order (orders), its holder's name (auth), the event and ticket types (events, the
 * latter from memory).
 *
 * @param lines the order's ticket types with their names, in the order's order; its
 * tickets are numbered through them
 */
record TicketFacts(UUID orderId, UUID userId, OrderStatus orderStatus, UUID eventId, List<Line> lines,
		String holderName, String eventName, String venue, Instant startsAt, ZoneId zone, String eventImageKey) {

	record Line(UUID ticketTypeId, String ticketTypeName, int quantity) {
	}

	/** Tickets the order has, over all its lines. */
	int quantity() {
		return this.lines.stream().mapToInt(Line::quantity).sum();
	}

	/** The name of one of the order's ticket types. */
	String ticketTypeName(UUID ticketTypeId) {
		return this.lines.stream()
			.filter((line) -> line.ticketTypeId().equals(ticketTypeId))
			.map(Line::ticketTypeName)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No ticket type " + ticketTypeId + " in the order"));
	}

	/**
	 * The facts of a found order; empty when its event, holder or a ticket type is gone.
	 */
	static Optional<TicketFacts> of(OrderFacts order, UserDirectory users, EventCatalog catalog) {
		Optional<EventFacts> event = catalog.event(order.eventId());
		Optional<String> holder = users.fullName(order.userId());
		if (event.isEmpty() || holder.isEmpty()) {
			return Optional.empty();
		}
		List<Line> lines = new ArrayList<>();
		for (OrderFacts.Line line : order.lines()) {
			Optional<TicketTypeFacts> type = catalog.ticketType(line.ticketTypeId());
			if (type.isEmpty()) {
				return Optional.empty();
			}
			lines.add(new Line(line.ticketTypeId(), type.get().name(), line.quantity()));
		}
		EventFacts e = event.get();
		return Optional.of(new TicketFacts(order.id(), order.userId(), order.status(), order.eventId(),
				List.copyOf(lines), holder.get(), e.name(), e.venue(), e.startsAt(), e.zone(), e.imageKey()));
	}

}
