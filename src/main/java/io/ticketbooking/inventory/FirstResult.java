package io.ticketbooking.inventory;

import java.util.UUID;

/**
 * What came of the first request made with an idempotency key, as the gate knows it.
 */
public sealed interface FirstResult {

	/** Its admission is neither settled nor given back yet. */
	FirstResult PENDING = new Pending();

	/**
	 * Nothing is recorded under the key: the first request failed and gave its units back
	 * (or the key expired). The next request may try for itself.
	 */
	FirstResult GONE = new Gone();

	/** The first request's claim committed: this is its order. */
	record Done(UUID orderId) implements FirstResult {
	}

	/** See {@link FirstResult#PENDING}. */
	record Pending() implements FirstResult {
	}

	/** See {@link FirstResult#GONE}. */
	record Gone() implements FirstResult {
	}

}
