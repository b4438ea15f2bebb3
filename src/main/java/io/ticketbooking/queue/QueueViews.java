package io.ticketbooking.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the waiting room (docs/waiting-room.md). */
final class QueueViews {

	/** How the pre-queue's order is drawn: anyone can recompute it from the seed. */
	static final String DRAW_RULE = "positions in ascending order of HMAC-SHA256(key = seed as hex-decoded bytes, "
			+ "message = account id as text), compared as unsigned bytes";

	private QueueViews() {
	}

	/**
	 * A queue as anyone may see it.
	 *
	 * @param state PRE_QUEUE (joining, before the draw), DRAWING, OPEN, PAUSED (every
	 * unit is in a hold that may still come back), SOLD_OUT (nothing can come back; the
	 * queue is closed) or CLOSED (the sale ended)
	 * @param waiting accounts in line not admitted yet
	 * @param admitted accounts admitted so far
	 * @param draw the pre-queue's lottery, once drawn
	 */
	record Queue(UUID eventId, String state, Instant preQueueOpensAt, Instant salesStartAt, int ratePerMinute,
			long waiting, long admitted, Draw draw) {

		static Queue of(UUID eventId, QueueState q, Instant now) {
			Draw draw = (q.seed() == null) ? null : new Draw(q.seed(), q.entrants(), q.drawnAt(), DRAW_RULE);
			return new Queue(eventId, q.publicState(now), q.opens(), q.start(), q.rate(), q.waiting(), q.admitted(),
					draw);
		}

	}

	/** The lottery of the pre-queue: its seed is chosen at the opening, not before. */
	record Draw(String seed, long entrants, Instant drawnAt, String rule) {
	}

	/** Where an account stands; see {@link Place#status()}. */
	enum Status {

		NOT_JOINED, PRE_QUEUE, WAITING, ADMITTED, EXPIRED, SOLD_OUT

	}

	/**
	 * One account's place.
	 *
	 * @param status NOT_JOINED, PRE_QUEUE (joined before the opening; the draw places
	 * you), WAITING, ADMITTED (reserve until {@code admittedUntil}), EXPIRED (the
	 * admission ran out; join again for a new place at the back) or SOLD_OUT
	 * @param position the place in line (1 is first); none before the draw
	 * @param ahead accounts before this one not admitted yet
	 * @param estimatedWaitSeconds at the current rate, while waiting
	 */
	record Place(UUID eventId, Status status, Long position, Long ahead, Long estimatedWaitSeconds,
			Instant admittedUntil, boolean soldOut, Queue queue) {

		static Place of(UUID eventId, QueueState q, Personal me, Instant now) {
			Queue queue = Queue.of(eventId, q, now);
			boolean soldOut = QueueState.SOLD_OUT.equals(q.state());
			Long ahead = null;
			Long wait = null;
			Status status;
			if (soldOut) {
				status = Status.SOLD_OUT;
			}
			else if (me.admittedUntil() != null) {
				status = now.isBefore(me.admittedUntil()) ? Status.ADMITTED : Status.EXPIRED;
			}
			else if (me.position() != null) {
				status = Status.WAITING;
				ahead = Math.max(0, me.position() - q.head() - 1);
				wait = q.estimatedWaitSeconds(ahead);
			}
			else {
				status = me.inPreQueue() ? Status.PRE_QUEUE : Status.NOT_JOINED;
			}
			return new Place(eventId, status, me.position(), ahead, wait, me.admittedUntil(), soldOut, queue);
		}

	}

	/** What Redis knows of one account in one queue. */
	record Personal(Long position, boolean inPreQueue, Instant admittedUntil) {

		static Personal parse(List<?> reply, int from) {
			String position = String.valueOf(reply.get(from));
			String admitted = String.valueOf(reply.get(from + 2));
			return new Personal(position.isEmpty() ? null : (long) Double.parseDouble(position),
					"1".equals(reply.get(from + 1)),
					admitted.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(admitted)));
		}

	}

}
