package io.ticketbooking.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The live availability stream. Defaults live in {@code application.yml}
 * (docs/configuration.md).
 *
 * @param streamInterval how often an instance looks for changes, the coalescing window
 * ({@code AVAILABILITY_STREAM_INTERVAL})
 * @param streamHeartbeat how often an idle stream gets a comment line
 * ({@code AVAILABILITY_STREAM_HEARTBEAT})
 * @param streamTimeout how long one stream lives before the client reconnects
 * ({@code AVAILABILITY_STREAM_TIMEOUT})
 * @param streamMaxSubscribers streams one instance serves at most
 * ({@code AVAILABILITY_STREAM_MAX_SUBSCRIBERS})
 */
@Validated
@ConfigurationProperties("events")
record EventsProperties(@NotNull @DurationMin(millis = 1) Duration streamInterval, @NotNull Duration streamHeartbeat,
		@NotNull Duration streamTimeout, @Min(1) int streamMaxSubscribers) {
}
