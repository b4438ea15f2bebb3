package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * One request to the gate.
 *
 * @param idempotencyKey {@code null} when the client sent none
 * @param limit the user's attempt budget, taken by the same script
 */
public record Attempt(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey, Instant now,
		AttemptLimit limit) {
}
