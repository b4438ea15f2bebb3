package io.ticketbooking.inventory;

import java.util.UUID;

import io.ticketbooking.config.RedisConnections.Master;

/**
 * Redis key layout of one ticket type's gate. Every key of one event carries the event id
 * as its hash tag, so a script touching several ticket types of an event (a cart, a
 * presale code's uses) runs on one Redis Cluster slot; the waiting room's keys
 * ({@code tb:q:{event}…}) share that slot too.
 *
 * @param eventId the event the ticket type belongs to (it never changes)
 * @param ticketTypeId the ticket type
 */
record StockKeys(UUID eventId, UUID ticketTypeId) {

	/**
	 * A single Redis's loss marker: set after a rebuild from Postgres to the replication
	 * id of the data it was made in. Its absence means Redis lost its data; another id,
	 * that the data has another history (which may lack the last writes). Its name
	 * carries the key layout's version: an instance with a new layout finds no marker of
	 * its own and rebuilds every gate from Postgres under the new keys (v2: the event's
	 * hash tag).
	 */
	static final String LOADED_MARKER = "tb:inventory:loaded:v2";

	/**
	 * Held while one instance rebuilds everything, so instances do not all rebuild at
	 * once.
	 */
	static final String REBUILD_LOCK = "tb:inventory:rebuild-lock";

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
	String ticketType() {
		return "tb:ev:{" + this.eventId + "}:tt:" + this.ticketTypeId;
	}

	/** Hash: user id to units that user holds or bought of this ticket type. */
	String users() {
		return ticketType() + ":users";
	}

	/** Hash: this user's reserve attempt bucket for the ticket type (tokens, at). */
	String attempts(UUID userId) {
		return ticketType() + ":rl:" + userId;
	}

	/**
	 * Hash: admission id to "userId|quantity|idempotency key name" while it is a lease.
	 */
	String leases() {
		return ticketType() + ":leases";
	}

	/**
	 * Hash: user id to the end (epoch ms) of the admission the event's waiting room gave
	 * that user; a queued sale's gate reserves for these users only.
	 */
	String queueAdmissions() {
		return ticketType() + ":admitted";
	}

	/** Sorted set: admission id scored by its lease deadline (epoch ms). */
	String leaseDeadlines() {
		return ticketType() + ":due";
	}

	/** Marker that one return of freed units was applied to the gate. */
	String returned(UUID returnId) {
		return ticketType() + ":ret:" + returnId;
	}

	/** The event's keys, of no ticket type in particular (presale codes). */
	static StockKeys ofEvent(UUID eventId) {
		return new StockKeys(eventId, null);
	}

	private String event() {
		return "tb:ev:{" + this.eventId + "}";
	}

	/**
	 * Hash: the event's presale codes, code hash to
	 * "start|end|maxUses|maxTicketsPerUse|ticketTypeIds" (docs/presale.md), and
	 * {@code _loaded} once they are loaded.
	 */
	String presaleCodes() {
		return event() + ":codes";
	}

	/**
	 * Hash: code hash to its uses: orders reserved with it plus admissions in flight.
	 */
	String presaleCodeUses() {
		return event() + ":code-uses";
	}

	/**
	 * Hash: admission id to the code it was made with, while it is between the gate and
	 * its commit.
	 */
	String presaleCodeAdmissions() {
		return event() + ":code-leases";
	}

	/** Hash: the wrong-code bucket of a user or client address (tokens, at). */
	String presaleCodeFailures(String who) {
		return event() + ":code-fail:" + who;
	}

	String idempotency(UUID userId, String key) {
		return ticketType() + ":idem:" + userId + ":" + key;
	}

}
