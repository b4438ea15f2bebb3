package io.ticketbooking.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account as stored.
 *
 * @param createdAt when the account was made (a waiting room may refuse accounts made
 * after its pre-queue opened)
 */
record User(UUID id, String email, String passwordHash, String fullName, List<String> roles, String avatarKey,
		Instant createdAt) {
}
