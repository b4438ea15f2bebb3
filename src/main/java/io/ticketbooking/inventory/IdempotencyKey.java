package io.ticketbooking.inventory;

import java.util.UUID;

/**
 * A client's idempotency key, which the gate keeps per ticket type and user.
 *
 * @param value the key as the client sent it
 */
public record IdempotencyKey(UUID eventId, UUID ticketTypeId, UUID userId, String value) {

	/** The Redis key it is stored under. */
	String redisKey() {
		return new StockKeys(this.eventId, this.ticketTypeId).idempotency(this.userId, this.value);
	}

}
