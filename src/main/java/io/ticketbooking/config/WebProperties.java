package io.ticketbooking.config;

import java.net.URI;
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
 * @param imageOrigins addresses (reduced to their origins) from which pages may load
 * images besides our own: the object store's public endpoint, where presigned images live
 */
@Validated
@ConfigurationProperties("web")
record WebProperties(@NotNull DataSize maxJsonBody, List<String> corsAllowedOrigins, List<String> imageOrigins) {

	WebProperties {
		corsAllowedOrigins = (corsAllowedOrigins != null)
				? corsAllowedOrigins.stream().map(String::trim).filter((o) -> !o.isEmpty()).toList() : List.of();
		imageOrigins = (imageOrigins != null) ? imageOrigins.stream()
			.map(String::trim)
			.filter((o) -> !o.isEmpty())
			.map(WebProperties::origin)
			.distinct()
			.toList() : List.of();
	}

	/**
	 * {@code scheme://host[:port]} of an address; CSP sources must not carry paths or
	 * quotes.
	 */
	private static String origin(String address) {
		URI uri = URI.create(address);
		if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
			throw new IllegalArgumentException("web.image-origins: not an http(s) address: " + address);
		}
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

}
