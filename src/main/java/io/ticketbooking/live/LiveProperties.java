package io.ticketbooking.live;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Live streams. Defaults live in {@code application.yml} (docs/configuration.md); the
 * variables keep their first names, from when availability was the only topic.
 *
 * @param interval how often an instance looks for changes of the topics its streams
 * follow ({@code AVAILABILITY_STREAM_INTERVAL}): a change after a quiet while goes out
 * within it
 * @param minGap the least time between two messages of one topic, the coalescing window
 * under a burst of changes ({@code AVAILABILITY_STREAM_MIN_GAP}): every message costs a
 * write per follower, and this bounds them
 * @param heartbeat how long a stream may stay silent before it gets a comment line
 * ({@code AVAILABILITY_STREAM_HEARTBEAT})
 * @param timeout how long one stream lives before the client reconnects
 * ({@code AVAILABILITY_STREAM_TIMEOUT})
 * @param maxStreams the stream budget: streams one instance serves at most
 * ({@code AVAILABILITY_STREAM_MAX_SUBSCRIBERS})
 * @param requestHeadroom connections of the connector's limit
 * ({@code SERVER_MAX_CONNECTIONS}) kept for requests: the budget plus this may not exceed
 * the limit ({@code STREAM_REQUEST_HEADROOM})
 * @param retryAfter when a refused client may try a stream again; it polls meanwhile
 * ({@code STREAM_RETRY_AFTER})
 */
@Validated
@ConfigurationProperties("live")
public record LiveProperties(@NotNull @DurationMin(millis = 1) Duration interval, @NotNull Duration minGap,
		@NotNull @DurationMin(millis = 1) Duration heartbeat, @NotNull Duration timeout, @Min(0) int maxStreams,
		@Min(0) int requestHeadroom, @NotNull @DurationMin(seconds = 1) Duration retryAfter) {
}
