package io.ticketbooking.config;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTP edge.
 *
 * @param maxJsonBody largest non-multipart request body accepted
 * @param corsAllowedOrigins browser origins allowed to call the API cross-origin (none by
 * default)
 */
@Validated
@ConfigurationProperties("web")
record WebProperties(@NotNull DataSize maxJsonBody, List<String> corsAllowedOrigins) {

	WebProperties {
		corsAllowedOrigins = (corsAllowedOrigins != null)
				? corsAllowedOrigins.stream().map(String::trim).filter((o) -> !o.isEmpty()).toList() : List.of();
	}

}
