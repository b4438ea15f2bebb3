package io.ticketbooking.orders;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Reservations, hold expiry and the outbox. Defaults live in {@code application.yml}
 * (docs/configuration.md).
 *
 * @param holdTtl how long a reservation holds its units ({@code HOLD_TTL})
 * @param waitingListOfferTtl how long an offer to a waiting-list entry holds its units
 * for the buyer ({@code WAITING_LIST_OFFER_TTL})
 * @param sweepInterval pause between sweeps of expired holds
 * ({@code HOLD_SWEEP_INTERVAL})
 * @param sweepBatch holds expired per sweeper transaction ({@code HOLD_SWEEP_BATCH})
 * @param rateLimit reserve attempts allowed per user
 * @param outboxResubmitInterval how often outbox publications that failed (or got stuck)
 * are sent again ({@code OUTBOX_RESUBMIT_INTERVAL}), also the delay before the first time
 */
@Validated
@ConfigurationProperties("orders")
record OrdersProperties(@NotNull Duration holdTtl, @NotNull @DurationMin(seconds = 1) Duration waitingListOfferTtl,
		@NotNull @DurationMin(millis = 1) Duration sweepInterval, @Min(1) int sweepBatch,
		@Valid @NotNull RateLimit rateLimit, @NotNull @DurationMin(millis = 1) Duration outboxResubmitInterval) {

	/**
	 * A token bucket per user: {@code capacity} attempts at once
	 * ({@code RESERVE_RATE_LIMIT}), refilled over {@code period}
	 * ({@code RESERVE_RATE_PERIOD}).
	 */
	record RateLimit(@Min(1) int capacity, @NotNull Duration period) {
	}

}
