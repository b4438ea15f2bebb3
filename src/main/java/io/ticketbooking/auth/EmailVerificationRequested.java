package io.ticketbooking.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * An account's address is to be confirmed: the message the mail module turns into an
 * email with the link. It carries the token itself (the database holds only its hash), so
 * it goes straight to the broker, never into the outbox.
 */
public record EmailVerificationRequested(UUID userId, String email, String fullName, String token, Instant expiresAt) {

	/** Routing key on {@code ticketbooking.events}. */
	public static final String ROUTING_KEY = "auth.email-verification";

	/** What logging shows: the token stays out of it. */
	@Override
	public String toString() {
		return "EmailVerificationRequested[userId=" + this.userId + ", token=[PROTECTED], expiresAt=" + this.expiresAt
				+ "]";
	}

}
