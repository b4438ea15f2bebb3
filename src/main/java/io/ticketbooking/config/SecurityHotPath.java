package io.ticketbooking.config;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The same security rules as Spring Security's defaults, at a lower price per request.
 * The benchmark's profile (docs/benchmarks.md) showed three costs on every call that do
 * not protect anything more: an observation around each of the chain's filters, and two
 * regular expressions run over the ~700-character bearer token (the firewall's header
 * check and the bearer token resolver). Here the observations are off (HTTP server
 * metrics stay) and both checks are plain loops with the same rules. And a bearer token
 * that verified is not announced as an {@code AuthenticationSuccessEvent}: every
 * authenticated request would publish one (2.1 % of a position read's samples in
 * docs/benchmarks/20261201T043654Z-queue), and nothing listens; failures are still
 * published.
 */
@Configuration(proxyBeanMethods = false)
class SecurityHotPath {

	private static final String BEARER = "bearer ";

	/** The characters of a b64token before its padding, by code. */
	private static final boolean[] TOKEN68 = new boolean[128];

	static {
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/".chars()
			.forEach((c) -> TOKEN68[c] = true);
	}

	/**
	 * Spring Security's publisher, as Boot would make it, for failures (bad credentials,
	 * an invalid token); successes, one per authenticated request, are not published.
	 */
	@Bean
	AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
		return new DefaultAuthenticationEventPublisher(events) {
			@Override
			public void publishAuthenticationSuccess(Authentication authentication) {
			}
		};
	}

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** {@link StrictHttpFirewall} with its default rules, header checks without regex. */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(SecurityHotPath::assignedAndNotControl);
		firewall.setAllowedHeaderValues(SecurityHotPath::assignedAndNotControl);
		return firewall;
	}

	/**
	 * RFC 6750 bearer tokens from the {@code Authorization} header only, as
	 * {@code DefaultBearerTokenResolver} with its defaults: no header or another scheme
	 * is anonymous; a malformed bearer token is an invalid token.
	 */
	@Bean
	BearerTokenResolver bearerTokenResolver() {
		return SecurityHotPath::resolve;
	}

	static String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		String token = header.substring(BEARER.length());
		if (!isToken68(token)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return token;
	}

	/**
	 * RFC 6750 b64token:
	 * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
	 */
	static boolean isToken68(String token) {
		int end = token.length();
		while (end > 0 && token.charAt(end - 1) == '=') {
			end--;
		}
		if (end == 0) {
			return false;
		}
		for (int i = 0; i < end; i++) {
			char c = token.charAt(i);
			if (c >= TOKEN68.length || !TOKEN68[c]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The firewall's default rule: assigned code points that are not ISO control
	 * characters. Printable ASCII, all a header holds in practice (a bearer token is ~700
	 * of them, checked on every read of the header), is every one of them assigned and
	 * not a control; anything else is looked up.
	 */
	static boolean assignedAndNotControl(String value) {
		int length = value.length();
		int i = 0;
		while (i < length) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				break;
			}
			i++;
		}
		while (i < length) {
			int codePoint = value.codePointAt(i);
			if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
