package io.ticketbooking.auth;

import java.util.List;
import java.util.UUID;

/** An account as stored. */
record User(UUID id, String email, String passwordHash, String fullName, List<String> roles, String avatarKey) {
}
