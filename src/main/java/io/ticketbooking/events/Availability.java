package io.ticketbooking.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The body of {@code GET /api/v1/events/{id}/availability} and of each SSE message. */
record Availability(UUID eventId, List<TicketType> ticketTypes) {

	record TicketType(UUID id, int capacity, int available) {
	}

	static Availability of(Event event, Map<UUID, Integer> available) {
		return new Availability(event.id(), event.ticketTypes()
			.stream()
			.map((t) -> new TicketType(t.id(), t.capacity(), event.cancelled() ? 0 : available.getOrDefault(t.id(), 0)))
			.toList());
	}

}
