package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * One request to the gate.
 *
 * @param admissionId the id the admission gets if it is let through, chosen before the
 * gate (a reservation passes its order's id)
 * @param idempotencyKey {@code null} when the client sent none
 * @param limit the user's attempt budget, taken by the same script
 */
public record Attempt(UUID admissionId, UUID eventId, UUID ticketTypeId, UUID userId, int quantity,
		String idempotencyKey, Instant now, AttemptLimit limit) {
}
