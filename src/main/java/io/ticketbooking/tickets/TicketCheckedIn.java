package io.ticketbooking.tickets;

import java.time.Instant;
import java.util.UUID;

/**
 * A ticket was let in at the gate: its first scan. Stored in the outbox with the
 * check-in, so listeners hear of it at least once.
 */
public record TicketCheckedIn(UUID ticketId, UUID eventId, UUID ticketTypeId, UUID orderId, String code,
		Instant checkedInAt) {
}
