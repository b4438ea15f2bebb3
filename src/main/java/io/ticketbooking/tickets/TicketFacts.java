package io.ticketbooking.tickets;

import java.time.Instant;
import java.time.ZoneId;
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
 * the order (orders), its holder's name (auth), the event and ticket type (events, the
 * latter from memory).
 */
record TicketFacts(UUID orderId, UUID userId, OrderStatus orderStatus, int quantity, UUID eventId, UUID ticketTypeId,
		String holderName, String eventName, String venue, Instant startsAt, ZoneId zone, String ticketTypeName,
		String eventImageKey) {

	/**
	 * The facts of a found order; empty when its event, holder or ticket type is gone.
	 */
	static Optional<TicketFacts> of(OrderFacts order, UserDirectory users, EventCatalog catalog) {
		Optional<EventFacts> event = catalog.event(order.eventId());
		Optional<String> holder = users.fullName(order.userId());
		Optional<TicketTypeFacts> type = catalog.ticketType(order.ticketTypeId());
		if (event.isEmpty() || holder.isEmpty() || type.isEmpty()) {
			return Optional.empty();
		}
		EventFacts e = event.get();
		return Optional.of(new TicketFacts(order.id(), order.userId(), order.status(), order.quantity(),
				order.eventId(), order.ticketTypeId(), holder.get(), e.name(), e.venue(), e.startsAt(), e.zone(),
				type.get().name(), e.imageKey()));
	}

}
