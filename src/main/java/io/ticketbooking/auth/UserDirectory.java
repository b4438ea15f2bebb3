package io.ticketbooking.auth;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * What other modules may know of an account: its display name, and for an event's
 * organizer the contact of its buyers.
 */
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

	/** How to reach an account's holder. */
	public record Contact(String fullName, String email) {
	}

	/**
	 * The contacts of these accounts in one query, e.g. for a page of an export; an
	 * account that no longer exists is missing from the map.
	 */
	public Map<UUID, Contact> contacts(Collection<UUID> userIds) {
		return this.users.contacts(userIds);
	}

}
