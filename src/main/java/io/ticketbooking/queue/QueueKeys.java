package io.ticketbooking.queue;

import java.util.UUID;

/**
 * Redis key layout of the waiting room. Every key of one event carries the event id as
 * its hash tag, so each script runs on one Redis Cluster slot.
 */
final class QueueKeys {

	private QueueKeys() {
	}

	/**
	 * Hash: state (PRE, DRAWING, OPEN, SOLD_OUT), the settings (opens, start, end, rate,
	 * window, refuseNew), the line's counters (joined, tail, head, admitted), the draw
	 * (seed, entrants, drawnAt), the admitter's bucket (tokens, at) and paused.
	 */
	static String queue(UUID eventId) {
		return "tb:q:{" + eventId + "}";
	}

	/** Sorted set: accounts that joined before the draw, scored by join number. */
	static String preQueue(UUID eventId) {
		return "tb:q:{" + eventId + "}:pre";
	}

	/** Sorted set: accounts in line, scored by position (1 is first). */
	static String line(UUID eventId) {
		return "tb:q:{" + eventId + "}:line";
	}

	/** Hash: account to the end of its admission (epoch ms). */
	static String admissions(UUID eventId) {
		return "tb:q:{" + eventId + "}:admitted";
	}

	/**
	 * Sorted set: admitted accounts not yet seen holding units, scored by the end of
	 * their admission.
	 */
	static String outstanding(UUID eventId) {
		return "tb:q:{" + eventId + "}:outstanding";
	}

	/** Hash: the instance admitting for the event now ({@code holder}), with a TTL. */
	static String admitter(UUID eventId) {
		return "tb:q:{" + eventId + "}:admitter";
	}

	/** Hash: one account's join bucket (tokens, at). */
	static String accountJoins(UUID eventId, UUID userId) {
		return "tb:q:{" + eventId + "}:ja:" + userId;
	}

	/** Hash: one client address's join bucket (tokens, at). */
	static String addressJoins(UUID eventId, String address) {
		return "tb:q:{" + eventId + "}:ji:" + address;
	}

	/**
	 * The keys of one account's place: queue, pre-queue, line, admissions, then
	 * {@code more}.
	 */
	static String[] place(UUID eventId, String... more) {
		String[] keys = new String[4 + more.length];
		keys[0] = queue(eventId);
		keys[1] = preQueue(eventId);
		keys[2] = line(eventId);
		keys[3] = admissions(eventId);
		System.arraycopy(more, 0, keys, 4, more.length);
		return keys;
	}

}
