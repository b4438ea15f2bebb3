package io.ticketbooking.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/**
 * Issues short-lived access tokens: {@code sub} is the user id, {@code roles} the granted
 * roles.
 */
@Service
public class AccessTokens {

	private final JwtEncoder encoder;

	/** The claim naming when the caller's account was made (epoch seconds). */
	public static final String ACCOUNT_CREATED = "account_created";

	/**
	 * The claim saying whether the caller's address is verified (OpenID Connect's name):
	 * {@code true} or absent.
	 */
	public static final String EMAIL_VERIFIED = "email_verified";

	private final AuthProperties properties;

	private final Clock clock;

	AccessTokens(JwtEncoder encoder, AuthProperties properties, Clock clock) {
		this.encoder = encoder;
		this.properties = properties;
		this.clock = clock;
	}

	/** A signed access token and its lifetime in seconds. */
	public record AccessToken(String value, long expiresIn) {
	}

	/** A token for a caller whose account's age nobody needs to know. */
	public AccessToken issue(UUID userId, String email, Collection<String> roles) {
		return issue(userId, email, roles, null, false);
	}

	/**
	 * A token for a caller whose address is verified, and whose account's age nobody
	 * needs.
	 */
	public AccessToken issueVerified(UUID userId, String email, Collection<String> roles) {
		return issue(userId, email, roles, null, true);
	}

	/**
	 * @param accountCreatedAt when the account was made, carried as the
	 * {@value #ACCOUNT_CREATED} claim (epoch seconds) so that a waiting room can tell new
	 * accounts from old without a database read; {@code null} to leave it out
	 * @param emailVerified whether the address is verified, carried as the
	 * {@value #EMAIL_VERIFIED} claim (when true) for the same reason
	 */
	public AccessToken issue(UUID userId, String email, Collection<String> roles, Instant accountCreatedAt,
			boolean emailVerified) {
		Instant now = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.properties.issuer())
			.subject(userId.toString())
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.accessTokenTtl()))
			.id(UUID.randomUUID().toString())
			.claim("email", email)
			.claim("roles", List.copyOf(roles));
		if (accountCreatedAt != null) {
			claims.claim(ACCOUNT_CREATED, accountCreatedAt.getEpochSecond());
		}
		if (emailVerified) {
			claims.claim(EMAIL_VERIFIED, true);
		}
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).build();
		String value = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
		return new AccessToken(value, this.properties.accessTokenTtl().toSeconds());
	}

}
