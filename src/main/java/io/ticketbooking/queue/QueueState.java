package io.ticketbooking.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An event's queue hash as read from Redis.
 *
 * @param state PRE, DRAWING, OPEN or SOLD_OUT
 * @param head the position of the last account admitted (0: none yet)
 * @param tail the position of the last account in line
 * @param joined accounts that joined the pre-queue
 * @param entrants accounts the draw placed (the pre-queue at the opening)
 * @param paused whether admission waits for units to come back
 */
record QueueState(String state, long head, long tail, int rate, long admitted, long joined, long entrants,
		Instant opens, Instant start, Instant end, Duration window, boolean paused, String seed, Instant drawnAt) {

	/** The fields read, in the order of the record's components. */
	static final String[] FIELDS = { "state", "head", "tail", "rate", "admitted", "joined", "entrants", "opens",
			"start", "end", "window", "paused", "seed", "drawnAt" };

	static final String PRE = "PRE";

	static final String DRAWING = "DRAWING";

	static final String OPEN = "OPEN";

	static final String SOLD_OUT = "SOLD_OUT";

	/**
	 * Reads the values of {@link #FIELDS} from {@code values}, starting at {@code from}.
	 */
	static QueueState parse(List<?> values, int from) {
		String[] v = new String[FIELDS.length];
		for (int i = 0; i < FIELDS.length; i++) {
			Object value = (from + i < values.size()) ? values.get(from + i) : null;
			v[i] = (value == null) ? "" : value.toString();
		}
		return new QueueState(v[0], number(v[1]), number(v[2]), (int) number(v[3]), number(v[4]), number(v[5]),
				number(v[6]), instant(v[7]), instant(v[8]), instant(v[9]), Duration.ofMillis(number(v[10])),
				"1".equals(v[11]), v[12].isEmpty() ? null : v[12], v[13].isEmpty() ? null : instant(v[13]));
	}

	/** Accounts in line not admitted yet (before the draw: the pre-queue). */
	long waiting() {
		return PRE.equals(this.state) ? this.joined : Math.max(0, this.tail - this.head);
	}

	/**
	 * The state as clients see it: PRE_QUEUE, DRAWING, OPEN, PAUSED, SOLD_OUT, CLOSED.
	 */
	String publicState(Instant now) {
		if (SOLD_OUT.equals(this.state)) {
			return SOLD_OUT;
		}
		if (!now.isBefore(this.end)) {
			return "CLOSED";
		}
		return switch (this.state) {
			case PRE -> "PRE_QUEUE";
			case DRAWING -> DRAWING;
			default -> this.paused ? "PAUSED" : OPEN;
		};
	}

	/** Seconds until the account {@code ahead} places behind the head is admitted. */
	long estimatedWaitSeconds(long ahead) {
		return (this.rate <= 0) ? 0 : (long) Math.ceil((ahead + 1) * 60.0 / this.rate);
	}

	private static long number(String value) {
		return value.isEmpty() ? 0 : (long) Double.parseDouble(value);
	}

	private static Instant instant(String value) {
		return Instant.ofEpochMilli(number(value));
	}

}
