package io.ticketbooking.inventory;

import java.util.UUID;

/**
 * Redis key layout. Every key of one ticket type carries the ticket type id as its hash
 * tag, so a script touching them runs on one Redis Cluster slot.
 */
final class StockKeys {

	/** Set after a full rebuild from Postgres; its absence means Redis lost its data. */
	static final String LOADED_MARKER = "tb:inventory:loaded";

	/**
	 * Held while one instance rebuilds everything, so instances do not all rebuild at
	 * once.
	 */
	static final String REBUILD_LOCK = "tb:inventory:rebuild-lock";

	private StockKeys() {
	}

	/** Hash: stock, limit, start, end (epoch ms), status (OPEN or CLOSED), event. */
	static String ticketType(UUID ticketTypeId) {
		return "tb:tt:{" + ticketTypeId + "}";
	}

	/** Hash: user id to units that user holds or bought of this ticket type. */
	static String users(UUID ticketTypeId) {
		return "tb:tt:{" + ticketTypeId + "}:users";
	}

	/** Hash: this user's reserve attempt bucket for the ticket type (tokens, at). */
	static String attempts(UUID ticketTypeId, UUID userId) {
		return "tb:tt:{" + ticketTypeId + "}:rl:" + userId;
	}

	/**
	 * Hash: admission id to "userId|quantity|idempotency key name" while it is a lease.
	 */
	static String leases(UUID ticketTypeId) {
		return "tb:tt:{" + ticketTypeId + "}:leases";
	}

	/** Sorted set: admission id scored by its lease deadline (epoch ms). */
	static String leaseDeadlines(UUID ticketTypeId) {
		return "tb:tt:{" + ticketTypeId + "}:due";
	}

	/** Marker that one return of freed units was applied to the gate. */
	static String returned(UUID ticketTypeId, UUID returnId) {
		return "tb:tt:{" + ticketTypeId + "}:ret:" + returnId;
	}

	static String idempotency(UUID ticketTypeId, UUID userId, String key) {
		return "tb:tt:{" + ticketTypeId + "}:idem:" + userId + ":" + key;
	}

}
