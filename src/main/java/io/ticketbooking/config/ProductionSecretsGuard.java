package io.ticketbooking.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In the {@code prod} profile the application refuses to start while any secret still has
 * its development default (every default secret starts with {@code dev-only}) or is
 * empty.
 */
@Component
@Profile("prod")
class ProductionSecretsGuard {

	static final List<String> SECRETS = List.of("spring.datasource.password", "auth.private-key", "auth.admin-password",
			"storage.secret-key", "payments.webhook-secret");

	ProductionSecretsGuard(Environment environment) {
		check(environment);
	}

	static void check(Environment environment) {
		List<String> weak = new ArrayList<>();
		for (String name : SECRETS) {
			String value = environment.getProperty(name, "");
			if (value.isBlank() || value.startsWith("dev-only")) {
				weak.add(name);
			}
		}
		if (!weak.isEmpty()) {
			throw new IllegalStateException("Refusing to start in prod with default or empty secrets: " + weak
					+ " (set DB_PASSWORD, JWT_PRIVATE_KEY, ADMIN_PASSWORD, S3_SECRET_KEY, PAYMENT_WEBHOOK_SECRET, TICKET_SIGNING_KEY)");
		}
	}

}
