package io.ticketbooking.events;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Public browsing. Defaults live in {@code application.yml} (docs/configuration.md).
 *
 * @param pollMaxAge how long a client, a CDN or nginx may reuse an availability answer
 * without asking again ({@code AVAILABILITY_POLL_MAX_AGE}); after it, a poll with the
 * answer's {@code ETag} gets a {@code 304} while nothing changed
 */
@Validated
@ConfigurationProperties("events")
record EventsProperties(@NotNull Duration pollMaxAge) {
}
