package io.ticketbooking.config;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits of the HTTP edge. */
@Validated
@ConfigurationProperties("web")
record WebProperties(@NotNull DataSize maxJsonBody) {
}
