package io.ticketbooking.auth;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Token lifetimes, the signing key and the first administrator, bound from {@code JWT_*}
 * and {@code ADMIN_*}.
 *
 * @param privateKey PKCS#8 PEM of an RSA key; blank means an ephemeral key (development
 * only)
 */
@Validated
@ConfigurationProperties("auth")
record AuthProperties(@NotBlank String issuer, @NotNull Duration accessTokenTtl, @NotNull Duration refreshTokenTtl,
		String privateKey, @NotBlank String adminEmail, @NotBlank String adminPassword,
		@Min(0) int verifiedTokenCacheSize, @Valid @NotNull LoginThrottle loginThrottle) {

	/**
	 * Failed sign-ins allowed per account and per client address within {@code period}.
	 */
	record LoginThrottle(@Min(1) int failuresPerAccount, @Min(1) int failuresPerAddress, @NotNull Duration period) {
	}

}
