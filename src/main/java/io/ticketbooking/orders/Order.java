package io.ticketbooking.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * An order as stored; also its JSON shape in the API (userId and idempotency key are not
 * shown).
 */
record Order(UUID id, UUID userId, OrderStatus status, UUID eventId, UUID ticketTypeId, int quantity, long total,
		String currency, Instant expiresAt, Instant createdAt, String idempotencyKey) {

	Order.View view() {
		return new View(this.id, this.status, this.eventId, this.ticketTypeId, this.quantity, this.total, this.currency,
				this.expiresAt, this.createdAt);
	}

	record View(UUID id, OrderStatus status, UUID eventId, UUID ticketTypeId, int quantity, long total, String currency,
			Instant expiresAt, Instant createdAt) {
	}

}
