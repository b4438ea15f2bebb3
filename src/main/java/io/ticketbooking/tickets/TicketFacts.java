package io.ticketbooking.tickets;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.orders.OrderStatus;

/**
 * What issuing an order's tickets needs to know, gathered from the modules that own it:
 * the order (orders), its holder's name (auth), the event and ticket type (events).
 */
record TicketFacts(UUID orderId, UUID userId, OrderStatus orderStatus, int quantity, UUID eventId, UUID ticketTypeId,
		String holderName, String eventName, String venue, Instant startsAt, ZoneId zone, String ticketTypeName,
		String eventImageKey) {

	static Optional<TicketFacts> of(UUID orderId, OrderLookup orders, UserDirectory users, EventCatalog catalog) {
		return orders.find(orderId)
			.flatMap((order) -> catalog.event(order.eventId())
				.flatMap((event) -> users.fullName(order.userId())
					.flatMap((holder) -> catalog.ticketType(order.ticketTypeId())
						.map((type) -> new TicketFacts(order.id(), order.userId(), order.status(), order.quantity(),
								order.eventId(), order.ticketTypeId(), holder, event.name(), event.venue(),
								event.startsAt(), event.zone(), type.name(), event.imageKey())))));
	}

}
