package io.ticketbooking.inventory;

import java.util.UUID;

import io.ticketbooking.config.RedisConnections.Master;

/**
 * Redis key layout. Every key of one ticket type carries the ticket type id as its hash
 * tag, so a script touching them runs on one Redis Cluster slot.
 */
final class StockKeys {

	/**
	 * A single Redis's loss marker: set after a rebuild from Postgres to the replication
	 * id of the data it was made in. Its absence means Redis lost its data; another id,
	 * that the data has another history (which may lack the last writes).
	 */
	static final String LOADED_MARKER = "tb:inventory:loaded";

	/**
	 * Held while one instance rebuilds everything, so instances do not all rebuild at
	 * once.
	 */
	static final String REBUILD_LOCK = "tb:inventory:rebuild-lock";

	private StockKeys() {
	}

	/**
	 * The value of a loss marker while the master's gates are rebuilt in the history
	 * {@code replicationId}.
	 */
	static String rebuilding(String replicationId) {
		return "rebuilding:" + replicationId;
	}

	/**
	 * The loss marker of one master: on a single Redis {@link #LOADED_MARKER}; on a
	 * cluster a key of the same name whose hash tag (the lowest number that fits) falls
	 * in one of the master's slots, so each master holds its own.
	 */
	static String lossMarker(Master master) {
		if (master.slots() == null) {
			return LOADED_MARKER;
		}
		for (int tag = 0; tag < 1_000_000; tag++) {
			String key = LOADED_MARKER + ":{" + tag + "}";
			if (master.serves(key)) {
				return key;
			}
		}
		throw new IllegalStateException("No hash tag falls in the slots of master " + master.id());
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

	/**
	 * Hash: user id to the end (epoch ms) of the admission the event's waiting room gave
	 * that user; a queued sale's gate reserves for these users only.
	 */
	static String queueAdmissions(UUID ticketTypeId) {
		return "tb:tt:{" + ticketTypeId + "}:admitted";
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
