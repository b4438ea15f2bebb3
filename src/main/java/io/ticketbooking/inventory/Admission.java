package io.ticketbooking.inventory;

import java.util.UUID;

/**
 * Units the gate let through: a lease that the caller's claim settles, or that is given
 * back by an abort or by the reaper once its deadline has passed.
 *
 * @param id the admission's id, chosen by the gate; a reservation uses it as its order's
 * id
 * @param eventId the event of the ticket type (its gate's keys carry it)
 * @param epoch the gate epoch that admitted it; a claim commits only under the same epoch
 * @param idempotencyKey the client's key, or {@code null}
 */
public record Admission(UUID id, UUID eventId, UUID ticketTypeId, UUID userId, int quantity, long epoch,
		String idempotencyKey) {

	/** The keys of the gate that admitted it. */
	StockKeys keys() {
		return new StockKeys(this.eventId, this.ticketTypeId);
	}

	/** The full Redis key of its idempotency key, or {@code null} without one. */
	String idempotencyKeyName() {
		return (this.idempotencyKey == null) ? null : keys().idempotency(this.userId, this.idempotencyKey);
	}

}
