package io.ticketbooking.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The live availability stream.
 *
 * @param streamInterval how often an instance looks for changes (the coalescing window)
 * @param streamHeartbeat how often an idle stream gets a comment line
 * @param streamTimeout how long one stream lives before the client reconnects
 * @param streamMaxSubscribers streams one instance serves at most
 */
@Validated
@ConfigurationProperties("events")
record EventsProperties(@NotNull Duration streamInterval, @NotNull Duration streamHeartbeat,
		@NotNull Duration streamTimeout, @Min(1) int streamMaxSubscribers) {
}
