package io.ticketbooking.storage;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where objects live, bound from {@code S3_*}.
 *
 * @param endpoint the address the service uses
 * @param publicEndpoint the address browsers use for presigned URLs (differs behind NAT
 * or compose)
 * @param urlTtl how long a presigned URL stays valid
 */
@Validated
@ConfigurationProperties("storage")
record StorageProperties(@NotNull URI endpoint, @NotNull URI publicEndpoint, @NotBlank String accessKey,
		@NotBlank String secretKey, @NotBlank String region, @NotBlank String bucket, @NotNull Duration urlTtl) {
}
