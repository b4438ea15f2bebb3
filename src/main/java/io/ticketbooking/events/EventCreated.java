package io.ticketbooking.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published synchronously inside the transaction that creates an event, so that listeners
 * (the inventory) prepare stock atomically with it.
 */
public record EventCreated(UUID eventId, UUID organizerId, Instant salesStartAt, Instant salesEndAt,
		List<TicketType> ticketTypes) {

	public record TicketType(UUID id, String name, long price, String currency, int capacity, int perUserLimit) {
	}

}
