package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.UUID;

/**
 * One request to the gate.
 *
 * @param idempotencyKey {@code null} when the client sent none
 * @param limit the user's attempt budget, taken by the same script
 * @param admissionRequired whether a queued sale asks for the waiting room's admission:
 * {@code false} only for a paid order re-taking its units
 */
public record Attempt(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey, Instant now,
		AttemptLimit limit, boolean admissionRequired) {

	/** A buyer's attempt: a queued sale asks for an admission. */
	public Attempt(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey, Instant now,
			AttemptLimit limit) {
		this(eventId, ticketTypeId, userId, quantity, idempotencyKey, now, limit, true);
	}

}
