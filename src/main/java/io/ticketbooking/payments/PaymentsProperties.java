package io.ticketbooking.payments;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param webhookSecret the HMAC secret webhooks are signed with
 * ({@code PAYMENT_WEBHOOK_SECRET})
 * @param provider which provider starts payments ({@code PAYMENT_PROVIDER}; the built-in
 * {@code simulated} one outside production)
 * @param signatureTolerance how old (or how far in the future) a signature timestamp may
 * be
 * @param publicBaseUrl base of the checkout URLs we hand out; empty means the base of the
 * request that started the payment
 * @param simulatedWebhookRetryDelays the simulated provider's pauses before sending an
 * event again that our endpoint did not answer with a 2xx, as an outside provider does
 * ({@code SIMULATED_WEBHOOK_RETRY_DELAYS}); none: it is sent once
 */
@Validated
@ConfigurationProperties("payments")
record PaymentsProperties(@NotBlank String webhookSecret, String provider, @NotNull Duration signatureTolerance,
		String publicBaseUrl, List<Duration> simulatedWebhookRetryDelays) {

	PaymentsProperties {
		provider = (provider != null) ? provider : "";
		publicBaseUrl = (publicBaseUrl != null) ? publicBaseUrl : "";
		simulatedWebhookRetryDelays = (simulatedWebhookRetryDelays != null) ? List.copyOf(simulatedWebhookRetryDelays)
				: List.of();
	}

}
