package io.ticketbooking.inventory;

import java.time.Duration;

/**
 * How many reserve attempts one user may make per ticket type: a token bucket of
 * {@code capacity} tokens refilled evenly over {@code period}, kept in Redis next to the
 * stock and taken by the same script that decides, so it costs no extra round trip and
 * holds across every instance.
 */
public record AttemptLimit(int capacity, Duration period) {

	/** No limit (the benchmark's Postgres-only baseline, tests that need none). */
	public static final AttemptLimit NONE = new AttemptLimit(0, Duration.ofSeconds(1));

}
