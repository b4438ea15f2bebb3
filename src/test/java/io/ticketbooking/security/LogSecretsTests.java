package io.ticketbooking.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.StripeWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords, access and refresh tokens, Authorization headers and the webhook secret
 * never reach the log, even with the web, security and application loggers at DEBUG (as
 * an operator might set them during an incident).
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogSecretsTests extends SecurityFixture {

	private static final List<String> LOGGERS = List.of("org.springframework.web", "org.springframework.security",
			"io.ticketbooking");

	@Autowired
	LoggingSystem logging;

	@AfterEach
	void restoreLevels() {
		LOGGERS.forEach((logger) -> this.logging.setLogLevel(logger, null));
	}

	@Test
	void noSecretReachesTheLog(CapturedOutput output) {
		LOGGERS.forEach((logger) -> this.logging.setLogLevel(logger, LogLevel.DEBUG));
		List<String> secrets = new ArrayList<>();
		String email = "logs-" + UUID.randomUUID() + "@example.com";
		String password = "Sekret-" + UUID.randomUUID();
		secrets.add(password);

		JsonNode registered = http()
			.post("/api/v1/auth/register", Map.of("email", email, "password", password, "fullName", "Log Watcher"))
			.execute()
			.json();
		keep(secrets, registered);
		JsonNode login = http().post("/api/v1/auth/login", Map.of("email", email, "password", password))
			.execute()
			.json();
		keep(secrets, login);
		JsonNode refreshed = http()
			.post("/api/v1/auth/refresh", Map.of("refreshToken", login.path("refreshToken").asString()))
			.execute()
			.json();
		keep(secrets, refreshed);
		String access = refreshed.path("accessToken").asString();
		assertThat(http().get("/api/v1/users/me").bearer(access).execute().status()).isEqualTo(200);
		assertThat(http().post("/api/v1/auth/logout", Map.of("refreshToken", refreshed.path("refreshToken").asString()))
			.bearer(access)
			.execute()
			.status()).isEqualTo(204);

		String wrong = "Sekret-wrong-" + UUID.randomUUID();
		secrets.add(wrong);
		assertThat(http().post("/api/v1/auth/login", Map.of("email", email, "password", wrong)).execute().status())
			.isEqualTo(401);
		assertThat(http().get("/api/v1/users/me").bearer(access + "tampered").execute().status()).isEqualTo(401);

		byte[] event = Json
			.write(Map.of("id", "evt_" + UUID.randomUUID(), "type", "payment_intent.succeeded", "data",
					Map.of("object", Map.of("id", "pi_unknown", "amount", 1, "currency", "idr", "metadata", Map.of()))))
			.getBytes(StandardCharsets.UTF_8);
		String signature = new StripeWebhooks(this.webhookSecret).signature(event);
		assertThat(webhook(event).status()).isEqualTo(200);
		assertThat(http().send("POST", "/api/v1/payments/webhook", "application/json", event)
			.header("Stripe-Signature", signature.replace("v1=", "v1=0"))
			.execute()
			.status()).isEqualTo(400);
		secrets.add(this.webhookSecret);
		secrets.add(signature.substring(signature.indexOf("v1=") + 3));

		String log = output.getAll();
		assertThat(log).as("the capture saw the requests").contains("/api/v1/auth/login");
		for (String secret : secrets) {
			// a prefix is checked too: DEBUG logging truncates long values, not secret
			// ones
			assertThat(log).as("the log holds a secret").doesNotContain(secret).doesNotContain(secret.substring(0, 12));
		}
		assertThat(log).as("the log holds a password").doesNotContain("Sekret-");
	}

	/** The tokens of a session, and the signature part of the JWT on its own. */
	private static void keep(List<String> secrets, JsonNode session) {
		String access = session.path("accessToken").asString();
		assertThat(access).isNotBlank();
		secrets.add(access);
		secrets.add(access.substring(access.lastIndexOf('.') + 1));
		secrets.add(session.path("refreshToken").asString());
	}

}
