package io.ticketbooking.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where deliveries may go. An endpoint is an absolute {@code http} or {@code https} URL
 * with a host and no credentials in it. Unless private networks are allowed, its host
 * must not resolve to a loopback, private, link-local, unique-local, wildcard or
 * multicast address: an organizer's URL must not become a way into the service's own
 * network.
 */
@Component
final class Destinations {

	static final int MAX_URL_LENGTH = 2048;

	private final boolean allowPrivateNetwork;

	@Autowired
	Destinations(WebhookProperties properties) {
		this(properties.allowPrivateNetwork());
	}

	Destinations(boolean allowPrivateNetwork) {
		this.allowPrivateNetwork = allowPrivateNetwork;
	}

	/** Why {@code url} is no endpoint, or empty when it is one. */
	Optional<String> refusal(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of("is not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
			return Optional.of("must be an absolute http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			return Optional.of("must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("must not hold credentials");
		}
		if (url.length() > MAX_URL_LENGTH) {
			return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
		}
		return Optional.empty();
	}

	/**
	 * Why a delivery may not go to {@code url} now (its host resolves to a private
	 * address, or not at all), or empty when it may.
	 */
	Optional<String> unreachable(String url) {
		if (this.allowPrivateNetwork) {
			return Optional.empty();
		}
		String host = URI.create(url).getHost();
		try {
			for (InetAddress address : InetAddress.getAllByName(host)) {
				if (isPrivate(address)) {
					return Optional.of(host + " is a private address (" + address.getHostAddress()
							+ "); WEBHOOK_ALLOW_PRIVATE_NETWORK allows it");
				}
			}
			return Optional.empty();
		}
		catch (UnknownHostException ex) {
			return Optional.of(host + " does not resolve");
		}
	}

	static boolean isPrivate(InetAddress address) {
		return address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()
				|| (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc);
	}

}
