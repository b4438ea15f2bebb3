package io.ticketbooking.queue;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The waiting room. Defaults live in {@code application.yml} (docs/configuration.md).
 *
 * @param admitInterval how often the admitter looks at each queued event
 * ({@code QUEUE_ADMIT_INTERVAL})
 * @param joinsPerAccount joins one account may make per event per {@code joinPeriod}
 * ({@code QUEUE_JOINS_PER_ACCOUNT}; 0: no limit)
 * @param joinsPerAddress joins one client address may make per event per
 * {@code joinPeriod} ({@code QUEUE_JOINS_PER_ADDRESS}; 0: no limit)
 * @param joinPeriod the throttles' period ({@code QUEUE_JOIN_PERIOD})
 * @param settingsRefresh how often each instance re-reads which events are queued
 * ({@code QUEUE_SETTINGS_REFRESH})
 * @param requireVerifiedEmail whether only accounts with a confirmed email address may
 * join a waiting room ({@code QUEUE_REQUIRE_VERIFIED_EMAIL}), read from the caller's
 * token
 */
@Validated
@ConfigurationProperties("queue")
record QueueProperties(@NotNull @DurationMin(millis = 10) Duration admitInterval, @Min(0) int joinsPerAccount,
		@Min(0) int joinsPerAddress, @NotNull @DurationMin(seconds = 1) Duration joinPeriod,
		@NotNull @DurationMin(millis = 100) Duration settingsRefresh, boolean requireVerifiedEmail) {
}
