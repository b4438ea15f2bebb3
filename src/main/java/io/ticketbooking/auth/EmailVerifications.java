package io.ticketbooking.auth;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.github.bucket4j.ConsumptionProbe;
import io.ticketbooking.config.RateLimits;
import io.ticketbooking.messaging.ConfirmedPublisher;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.ProblemException;
import io.ticketbooking.shared.RateLimited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Confirms that an account's holder reads its address (docs/email.md): a link with a
 * random token goes there, and the token coming back marks the address verified. Tokens
 * are stored hashed, are good for {@code auth.email-verification-ttl}, and only for the
 * address they were sent to. A new link may be asked for once a minute.
 */
@Service
class EmailVerifications {

	private static final Logger log = LoggerFactory.getLogger(EmailVerifications.class);

	private static final SecureRandom random = new SecureRandom();

	private static final Duration TTL = Duration.ofHours(48);

	private final JdbcClient jdbc;

	private final UserRepository users;

	private final ConfirmedPublisher publisher;

	private final RateLimits limits;

	private final Clock clock;

	EmailVerifications(JdbcClient jdbc, UserRepository users, ConfirmedPublisher publisher, RateLimits limits,
			Clock clock) {
		this.jdbc = jdbc;
		this.users = users;
		this.publisher = publisher;
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * Sends a new link to the account's address. A broker that is down loses this link
	 * only (logged); the holder may ask for another.
	 */
	void send(User user) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant expires = this.clock.instant().plus(TTL);
		this.jdbc.sql("""
				insert into email_verifications (token_hash, user_id, email, expires_at)
				values (:hash, :user, :email, :expires)
				""")
			.param("hash", RefreshTokens.hash(token))
			.param("user", user.id())
			.param("email", user.email())
			.param("expires", Timestamp.from(expires))
			.update();
		try {
			this.publisher.publish(EmailVerificationRequested.ROUTING_KEY,
					new EmailVerificationRequested(user.id(), user.email(), user.fullName(), token, expires),
					EmailVerificationRequested.ROUTING_KEY + ":" + UUID.randomUUID());
		}
		catch (RuntimeException ex) {
			log.warn("The verification link for account {} was not queued ({}); it may ask for another", user.id(),
					ex.getMessage());
		}
	}

	/** A new link for the caller, at most once a minute; 409 when verified already. */
	void resend(UUID userId) {
		User user = this.users.find(userId).orElseThrow(() -> new NotFound("User"));
		if (user.emailVerified()) {
			throw new AlreadyVerified();
		}
		ConsumptionProbe probe = this.limits
			.bucket("tb:rl:verify-email:" + userId, RateLimits.perPeriod(1, Duration.ofMinutes(1)))
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new RateLimited("A link went out less than a minute ago; ask again in a moment.",
					RateLimits.retryAfterSeconds(probe.getNanosToWaitForRefill()));
		}
		send(user);
	}

	/** Marks the token's address verified; the token and its siblings are spent. */
	User verify(String token) {
		Map<String, Object> found = this.jdbc
			.sql("select user_id, email, expires_at from email_verifications where token_hash = :hash")
			.param("hash", RefreshTokens.hash(token))
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElseThrow(InvalidToken::new);
		if (((Timestamp) found.get("expires_at")).toInstant().isBefore(this.clock.instant())) {
			throw new InvalidToken();
		}
		UUID userId = (UUID) found.get("user_id");
		User user = this.users.markVerified(userId, (String) found.get("email"), this.clock.instant())
			.orElseThrow(InvalidToken::new);
		this.jdbc.sql("delete from email_verifications where user_id = :user").param("user", userId).update();
		return user;
	}

	static final class InvalidToken extends ProblemException {

		InvalidToken() {
			super(HttpStatus.BAD_REQUEST, "INVALID_VERIFICATION_TOKEN",
					"This link is not valid: it was used already, has expired, or is for an address the account "
							+ "no longer has. Ask for a new one.");
		}

	}

	static final class AlreadyVerified extends ProblemException {

		AlreadyVerified() {
			super(HttpStatus.CONFLICT, "EMAIL_ALREADY_VERIFIED", "Your email address is verified already.");
		}

	}

}
