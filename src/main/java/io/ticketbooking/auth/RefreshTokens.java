package io.ticketbooking.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opaque refresh tokens (256 random bits), stored only as SHA-256 hashes. Each use
 * rotates the token; presenting one that was already used or revoked means it was copied,
 * so its whole family is revoked and the thief and the owner both have to sign in again.
 */
@Component
class RefreshTokens {

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	private final AuthProperties properties;

	private final Clock clock;

	RefreshTokens(JdbcClient jdbc, AuthProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** Starts a new family (a sign-in) and answers its first token. */
	String issue(UUID userId) {
		return issue(userId, UUID.randomUUID());
	}

	/**
	 * The user whose token this was; the token is used up and its successor is returned.
	 */
	record Rotation(UUID userId, String next) {
	}

	@Transactional(noRollbackFor = AuthProblems.InvalidRefreshToken.class)
	Rotation rotate(String token) {
		Instant now = this.clock.instant();
		Stored stored = find(token);
		if (stored == null) {
			throw new AuthProblems.InvalidRefreshToken();
		}
		if (stored.usedAt() != null || stored.revokedAt() != null) {
			revokeFamily(stored.familyId(), now);
			throw new AuthProblems.InvalidRefreshToken();
		}
		if (!now.isBefore(stored.expiresAt())) {
			throw new AuthProblems.InvalidRefreshToken();
		}
		int used = this.jdbc.sql("update refresh_tokens set used_at = :now where id = :id and used_at is null")
			.param("now", Timestamp.from(now))
			.param("id", stored.id())
			.update();
		if (used == 0) {
			// a concurrent request used it a moment ago: the same as a reuse
			revokeFamily(stored.familyId(), now);
			throw new AuthProblems.InvalidRefreshToken();
		}
		return new Rotation(stored.userId(), issue(stored.userId(), stored.familyId()));
	}

	/** Revokes the family of the user's token; false if the token is not the user's. */
	@Transactional
	boolean revoke(UUID userId, String token) {
		Stored stored = find(token);
		if (stored == null || !stored.userId().equals(userId)) {
			return false;
		}
		revokeFamily(stored.familyId(), this.clock.instant());
		return true;
	}

	private String issue(UUID userId, UUID familyId) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at)
				values (:id, :family, :user, :hash, :now, :expires)
				""")
			.param("id", UUID.randomUUID())
			.param("family", familyId)
			.param("user", userId)
			.param("hash", hash(token))
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(now.plus(this.properties.refreshTokenTtl())))
			.update();
		return token;
	}

	private record Stored(UUID id, UUID familyId, UUID userId, Instant expiresAt, Instant usedAt, Instant revokedAt) {
	}

	private Stored find(String token) {
		return this.jdbc.sql("""
				select id, family_id, user_id, expires_at, used_at, revoked_at from refresh_tokens
				where token_hash = :hash for update
				""")
			.param("hash", hash(token))
			.query((rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getObject("family_id", UUID.class),
					rs.getObject("user_id", UUID.class), rs.getTimestamp("expires_at").toInstant(),
					instant(rs.getTimestamp("used_at")), instant(rs.getTimestamp("revoked_at"))))
			.optional()
			.orElse(null);
	}

	private void revokeFamily(UUID familyId, Instant now) {
		this.jdbc.sql("update refresh_tokens set revoked_at = :now where family_id = :family and revoked_at is null")
			.param("now", Timestamp.from(now))
			.param("family", familyId)
			.update();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * The SHA-256 of a token, in hex: what is stored of a refresh or verification token.
	 */
	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
