package io.ticketbooking.auth;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** What other modules may know of an account: its display name. */
@Service
public class UserDirectory {

	private final UserRepository users;

	UserDirectory(UserRepository users) {
		this.users = users;
	}

	/** The name the account holder gave, e.g. for a ticket's holder. */
	public Optional<String> fullName(UUID userId) {
		return this.users.find(userId).map(User::fullName);
	}

}
