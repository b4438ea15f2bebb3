package io.ticketbooking.webhooks;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param retryDelays the pauses before the second, third, … attempt of a delivery
 * ({@code WEBHOOK_RETRY_DELAYS}); after as many failed attempts as there are delays plus
 * one, a delivery is {@code FAILED}
 * @param timeout to connect, and for the whole answer, per attempt
 * ({@code WEBHOOK_TIMEOUT})
 * @param allowPrivateNetwork whether endpoints may be loopback, private or link-local
 * addresses ({@code WEBHOOK_ALLOW_PRIVATE_NETWORK}); off in production, so that an
 * organizer's URL cannot reach the service's own network
 * @param batch deliveries one dispatcher round claims
 * @param lease how long a claimed delivery is left to the instance that claimed it; if
 * that instance dies, another sends it after this
 * @param pollInterval how often each instance looks for due deliveries
 * @param maxEndpoints endpoints one organizer may have
 */
@Validated
@ConfigurationProperties("webhooks")
record WebhookProperties(@NotEmpty List<Duration> retryDelays, @NotNull Duration timeout, boolean allowPrivateNetwork,
		@Min(1) @Max(500) int batch, @NotNull Duration lease, @NotNull Duration pollInterval,
		@Min(1) @Max(100) int maxEndpoints) {

	int maxAttempts() {
		return this.retryDelays.size() + 1;
	}

}
