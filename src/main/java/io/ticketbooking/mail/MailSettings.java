package io.ticketbooking.mail;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param from the sender ({@code MAIL_FROM})
 * @param publicBaseUrl the web front's origin, for links in emails
 * ({@code PUBLIC_BASE_URL})
 * @param maxAttempts attempts per email while the relay fails
 * ({@code MAIL_MAX_ATTEMPTS}); then the message goes to its queue's dead-letter queue
 * @param firstRetry the pause after the first failed attempt, doubled after each
 * @param maxRetry the longest pause
 */
@Validated
@ConfigurationProperties("mail")
record MailSettings(@NotBlank String from, @NotBlank String publicBaseUrl, @Min(1) @Max(100) int maxAttempts,
		@NotNull Duration firstRetry, @NotNull Duration maxRetry) {
}
