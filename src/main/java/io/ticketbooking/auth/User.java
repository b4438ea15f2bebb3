package io.ticketbooking.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account as stored.
 *
 * @param createdAt when the account was made (a waiting room may refuse accounts made
 * after its pre-queue opened)
 * @param emailVerifiedAt when the address was confirmed by its link; {@code null} until
 * then
 */
record User(UUID id, String email, String passwordHash, String fullName, List<String> roles, String avatarKey,
		Instant createdAt, Instant emailVerifiedAt) {

	boolean emailVerified() {
		return this.emailVerifiedAt != null;
	}

}
