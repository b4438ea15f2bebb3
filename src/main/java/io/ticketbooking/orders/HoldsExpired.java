package io.ticketbooking.orders;

import java.util.List;
import java.util.UUID;

/**
 * Holds that ran out in one sweep: their units are back on sale. Stored in the outbox
 * with the sweep (one publication per batch, not per hold) and sent to the broker with
 * routing key {@code orders.expired}, e.g. so that their buyers hear of it.
 *
 * @param batchId this batch's id, the message id on the broker
 */
public record HoldsExpired(UUID batchId, List<Hold> holds) {

	public record Hold(UUID orderId, UUID userId, UUID eventId, int quantity) {
	}

}
