package io.ticketbooking.payments;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How refunds are carried out (docs/refunds.md).
 *
 * @param retryDelays the pauses before the second, third, … call to the provider of a
 * refund it refused or could not be reached for ({@code REFUND_RETRY_DELAYS}); after the
 * last the refund stays {@code FAILED} until an organizer or admin asks again
 * @param confirmTimeout how long a refund the provider accepted may wait for its
 * {@code charge.refunded} webhook before the provider is asked again (idempotently, on
 * the refund's id), which makes it send the event again
 * @param pollInterval how often each instance looks for due refunds
 * @param lease how long a claimed refund is left to the instance that claimed it
 * @param batch refunds one round claims
 */
@Validated
@ConfigurationProperties("payments.refunds")
record RefundProperties(@NotEmpty List<Duration> retryDelays, @NotNull Duration confirmTimeout,
		@NotNull Duration pollInterval, @NotNull Duration lease, @Min(1) @Max(500) int batch) {

	int maxAttempts() {
		return this.retryDelays.size() + 1;
	}

}
