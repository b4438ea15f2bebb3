package io.ticketbooking.orders;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param strategy {@code redis-gate}, or {@code postgres-only} for the benchmark baseline
 * @param holdTtl how long a reservation holds its units ({@code HOLD_TTL})
 * @param sweepInterval pause between sweeps of expired holds
 * @param sweepBatch holds expired per sweeper transaction
 * @param rateLimit reserve attempts allowed per user
 * @param outboxResubmitInterval how often outbox publications that failed (or got stuck)
 * are sent again
 */
@Validated
@ConfigurationProperties("orders")
record OrdersProperties(@NotNull Strategy strategy, @NotNull Duration holdTtl, @NotNull Duration sweepInterval,
		@Min(1) int sweepBatch, @Valid @NotNull RateLimit rateLimit, @NotNull Duration outboxResubmitInterval) {

	enum Strategy {

		REDIS_GATE, POSTGRES_ONLY

	}

	/**
	 * A token bucket per user: {@code capacity} attempts at once, refilled over
	 * {@code period}.
	 */
	record RateLimit(@Min(1) int capacity, @NotNull Duration period) {
	}

}
