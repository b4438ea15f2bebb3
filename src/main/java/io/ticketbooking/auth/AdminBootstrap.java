package io.ticketbooking.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when no account has
 * that email. Safe when several instances start at once (the insert ignores a conflict).
 */
@Component
class AdminBootstrap {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final UserRepository users;

	private final Passwords passwords;

	private final AuthProperties properties;

	AdminBootstrap(UserRepository users, Passwords passwords, AuthProperties properties) {
		this.users = users;
		this.passwords = passwords;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ensureAdmin() {
		String email = AuthService.normalise(this.properties.adminEmail());
		if (this.users.findByEmail(email).isPresent()) {
			return;
		}
		User admin = new User(UUID.randomUUID(), email, this.passwords.hash(this.properties.adminPassword()),
				"Administrator", List.of("ADMIN", "CUSTOMER"), null, Instant.now(), Instant.now());
		if (this.users.insert(admin)) {
			log.info("Created the first administrator {}", email);
		}
	}

}
