package io.ticketbooking.payments;

import java.time.Duration;

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
 */
@Validated
@ConfigurationProperties("payments")
record PaymentsProperties(@NotBlank String webhookSecret, String provider, @NotNull Duration signatureTolerance,
		String publicBaseUrl) {

	PaymentsProperties {
		provider = (provider != null) ? provider : "";
		publicBaseUrl = (publicBaseUrl != null) ? publicBaseUrl : "";
	}

}
