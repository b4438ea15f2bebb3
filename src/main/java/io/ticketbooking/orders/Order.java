package io.ticketbooking.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as stored; also its JSON shape in the API (userId and idempotency key are not
 * shown).
 *
 * @param ticketTypeId the first line's ticket type
 * @param quantity units over all lines
 * @param lines the ticket types of the order, each once, in the order the buyer named
 * them
 * @param waitingListEntryId the waiting-list entry this order was offered to (its hold is
 * the offer), or {@code null}
 */
record Order(UUID id, UUID userId, OrderStatus status, UUID eventId, UUID ticketTypeId, int quantity, long total,
		String currency, Instant expiresAt, Instant createdAt, String idempotencyKey, List<Line> lines,
		UUID waitingListEntryId) {

	/** Units of one ticket type at the price they were reserved at. */
	record Line(UUID ticketTypeId, int quantity, long unitPrice) {
	}

	Order.View view() {
		return new View(this.id, this.status, this.eventId, this.ticketTypeId, this.quantity, this.total, this.currency,
				this.expiresAt, this.createdAt, this.lines, this.waitingListEntryId != null);
	}

	/**
	 * @param ticketTypeId the first line's ticket type (the only one of a single-type
	 * order)
	 * @param quantity units over all lines
	 * @param waitingListOffer the order is an offer to the buyer's waiting-list entry:
	 * held for them until {@code expiresAt}
	 */
	record View(UUID id, OrderStatus status, UUID eventId, UUID ticketTypeId, int quantity, long total, String currency,
			Instant expiresAt, Instant createdAt, List<Line> lines, boolean waitingListOffer) {
	}

}
