package io.ticketbooking.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTests {

	private final AuthProperties properties = new AuthProperties("test-issuer", Duration.ofMinutes(15),
			Duration.ofDays(30), "", "admin@example.com", "secret-password", 0,
			new AuthProperties.LoginThrottle(5, 100, Duration.ofMinutes(15)));

	private final SigningKeys keys = SigningKeys.from(this.properties);

	private final JwtConfig config = new JwtConfig();

	@Test
	void verifiesATokenOnceWhileItIsValid() {
		AtomicInteger verifications = new AtomicInteger();
		JwtDecoder real = this.config.jwtDecoder(this.keys, this.properties, Clock.systemUTC());
		JwtDecoder counting = (token) -> {
			verifications.incrementAndGet();
			return real.decode(token);
		};
		VerifiedTokenCache cache = new VerifiedTokenCache(counting, 10, Clock.systemUTC());
		String token = issue(Clock.systemUTC());

		Jwt first = cache.decode(token);
		Jwt second = cache.decode(token);

		assertThat(second).isSameAs(first);
		assertThat(verifications).hasValue(1);
	}

	@Test
	void stillRejectsAnAlteredToken() {
		VerifiedTokenCache cache = new VerifiedTokenCache(
				this.config.jwtDecoder(this.keys, this.properties, Clock.systemUTC()), 10, Clock.systemUTC());
		String token = issue(Clock.systemUTC());
		cache.decode(token);
		String altered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> cache.decode(altered));
	}

	@Test
	void forgetsATokenOnceItExpires() {
		Instant now = Instant.now();
		JwtDecoder real = this.config.jwtDecoder(this.keys, this.properties, Clock.systemUTC());
		String token = issue(Clock.fixed(now, ZoneOffset.UTC));
		AtomicInteger verifications = new AtomicInteger();
		JwtDecoder counting = (t) -> {
			verifications.incrementAndGet();
			return real.decode(t);
		};
		VerifiedTokenCache cache = new VerifiedTokenCache(counting, 10, Clock.systemUTC());
		cache.decode(token);
		VerifiedTokenCache afterExpiry = new VerifiedTokenCache(counting, 10,
				Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
		afterExpiry.decode(token);
		// a cached entry whose expiry has passed is never answered from memory
		afterExpiry.decode(token);
		assertThat(verifications).hasValue(3);
	}

	@Test
	void staysBounded() {
		VerifiedTokenCache cache = new VerifiedTokenCache(
				this.config.jwtDecoder(this.keys, this.properties, Clock.systemUTC()), 3, Clock.systemUTC());
		for (int i = 0; i < 10; i++) {
			assertThat(cache.decode(issue(Clock.systemUTC())).getSubject()).isNotBlank();
			// never more than the bound, and the token just verified is remembered
			assertThat(cache.size()).as("entries after %d distinct tokens", i + 1).isBetween(1, 3);
		}
	}

	@Test
	void aFullCacheForgetsAQuarterNotEverything() {
		VerifiedTokenCache cache = new VerifiedTokenCache(
				this.config.jwtDecoder(this.keys, this.properties, Clock.systemUTC()), 100, Clock.systemUTC());
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			tokens.add(issue(Clock.systemUTC()));
			cache.decode(tokens.get(i));
		}
		String last = issue(Clock.systemUTC());
		cache.decode(last); // the 101st finds the cache full
		assertThat(cache.size()).isEqualTo(76);
		assertThat(cache.remembers(last)).isTrue();
		// 75 of the crowd keep their verification; 25 will be verified again
		assertThat(tokens.stream().filter(cache::remembers)).hasSize(75);
	}

	private String issue(Clock clock) {
		return new AccessTokens(this.config.jwtEncoder(this.keys), this.properties, clock)
			.issue(UUID.randomUUID(), "a@example.com", List.of("CUSTOMER"))
			.value();
	}

}
