package io.ticketbooking.config;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.ticketbooking.web.WebFront;
import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * One stateless chain: bearer JWTs (verified locally against our own keys, no database),
 * roles from the {@code roles} claim, and problem details for 401 and 403.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationEntryPoint entryPoint,
			AccessDeniedHandler accessDenied, WebProperties web, BearerTokenResolver bearerTokens) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.cors((cors) -> cors.configurationSource(corsSource(web)))
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			// a stateless API of bearer tokens: no logout route, no anonymous principal
			// (permitAll needs none); two filters fewer on every request
			.logout((logout) -> logout.disable())
			.anonymous((anonymous) -> anonymous.disable())
			// nothing asks the servlet request for its user (getUserPrincipal and the
			// like): the code reads the token through Spring Security, so no wrapper
			.servletApi((api) -> api.disable())
			.authorizeHttpRequests((auth) -> auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
				.permitAll()
				// the routes a whole crowd calls during a sale, decided first: the rules
				// are
				// walked in order, and these would otherwise be decided by the last one
				.requestMatchers(HttpMethod.POST, "/api/v1/events/*/queue", "/api/v1/orders")
				.authenticated()
				.requestMatchers(HttpMethod.GET, "/api/v1/events/*/queue/me")
				.authenticated()
				.requestMatchers("/ping", "/actuator/health", "/actuator/health/**", "/actuator/info",
						"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**",
						"/swagger-ui.html", "/swagger-ui/**", "/.well-known/**")
				.permitAll()
				// the simulated provider's checkout page: the random payment id is the
				// capability
				.requestMatchers("/payments/simulated/**")
				.permitAll()
				// the web front: static page shells and assets; their data comes from the
				// API
				.requestMatchers(HttpMethod.GET, WebFront.publicPaths())
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
						"/api/v1/auth/verify-email", "/api/v1/payments/webhook")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/events", "/api/v1/events/*", "/api/v1/events/*/availability",
						"/api/v1/events/*/availability/stream", "/api/v1/events/*/checkin-key",
						"/api/v1/events/*/queue")
				.permitAll()
				.requestMatchers("/api/v1/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((rs) -> rs.bearerTokenResolver(bearerTokens)
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter()))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling((ex) -> ex.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(web)))
				.referrerPolicy((rp) -> rp.policy(ReferrerPolicy.NO_REFERRER))
				.permissionsPolicyHeader((pp) -> pp.policy("camera=(self), microphone=(), geolocation=()"))
				.frameOptions((frame) -> frame.deny()));
		return http.build();
	}

	/**
	 * Our own origin only; images may also come from the object store's public origin,
	 * where presigned event images and avatars live.
	 */
	static String contentSecurityPolicy(WebProperties web) {
		String images = web.imageOrigins().stream().map((o) -> " " + o).collect(Collectors.joining());
		return "default-src 'self'; img-src 'self'" + images
				+ "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
	}

	/** Cross-origin calls only from the configured allow-list; none when it is empty. */
	static CorsConfigurationSource corsSource(WebProperties web) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!web.corsAllowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(web.corsAllowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
			cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"));
			cors.setExposedHeaders(List.of("Retry-After", "X-Request-Id", "Location"));
			cors.setMaxAge(Duration.ofHours(1));
			source.registerCorsConfiguration("/**", cors);
		}
		return source;
	}

	static JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return converter;
	}

	@Bean
	AuthenticationEntryPoint problemEntryPoint(JsonMapper json) {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			bearer.commence(request, response, ex); // sets WWW-Authenticate as RFC 6750
													// asks
			Problems.write(response, json,
					Problems.of(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid bearer access token is required."));
		};
	}

	@Bean
	AccessDeniedHandler problemAccessDeniedHandler(JsonMapper json) {
		return (request, response, ex) -> Problems.write(response, json,
				Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "You may not do this."));
	}

}
