package io.ticketbooking.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.RedisLinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault suites' instances share: the packaged jar, the environment that points
 * them at the machine's PostgreSQL, Redis and RabbitMQ (S3 embedded in the test), direct
 * looks at the gate in Redis, and restarts of the machine's services.
 */
final class Deployment {

	static final String WEBHOOK_SECRET = "faults-webhook-secret";

	private Deployment() {
	}

	/**
	 * Fails unless the environment names the machine's PostgreSQL, Redis and RabbitMQ,
	 * which the suites use and may restart.
	 */
	static void assertServicesNamed(String message) {
		for (String variable : List.of("DB_HOST", "RABBITMQ_URL")) {
			assertThat(System.getenv(variable)).as(message).isNotBlank();
		}
		assertThat(RedisLinks.cluster() || !env("REDIS_HOST", "").isEmpty())
			.as(message + " (REDIS_HOST, or REDIS_CLUSTER_NODES for a cluster)")
			.isTrue();
	}

	/** The environment every instance gets; callers add or override settings. */
	static Map<String, String> environment() throws NoSuchAlgorithmException {
		Map<String, String> environment = new HashMap<>();
		environment.put("JWT_PRIVATE_KEY", pem("RSA", 2048));
		environment.put("TICKET_SIGNING_KEY", pem("Ed25519", 0));
		environment.put("PAYMENT_WEBHOOK_SECRET", WEBHOOK_SECRET);
		environment.put("HOLD_SWEEP_INTERVAL", "1s");
		environment.put("INVENTORY_LOSS_CHECK_INTERVAL", "1s");
		environment.put("INVENTORY_REAPER_INTERVAL", "1s");
		environment.put("OUTBOX_RESUBMIT_INTERVAL", "3s");
		environment.put("OUTBOX_STALE_AFTER", "10s");
		environment.put("RESERVE_RATE_LIMIT", "10000");
		environment.put("DB_POOL_SIZE", "8");
		environment.put("LOG_FORMAT", "");
		return environment;
	}

	/** Command-line arguments that point an instance at the test's embedded S3. */
	static List<String> arguments(EmbeddedInfrastructure s3) {
		return s3.properties().entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toList();
	}

	static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((p) -> p.getFileName().toString().matches("ticket-booking-.*\\.jar"))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("run through `./mvnw -Pfaults verify`: no jar in target/"));
		}
	}

	/** The gate's stock of a ticket type, {@code null} when Redis has none. */
	static Integer redisStock(UUID ticketTypeId) {
		return withGate((gate) -> gate.stock(ticketTypeId));
	}

	/** Admissions of a ticket type not yet settled, aborted or reaped. */
	static long openLeases(UUID ticketTypeId) {
		return withGate((gate) -> gate.openLeases(ticketTypeId));
	}

	static void flushRedis() {
		withGate((gate) -> {
			gate.flush();
			return null;
		});
	}

	/** A look at the gate through a connection of its own. */
	/** The event a ticket type belongs to. */
	static UUID eventOf(UUID ticketTypeId) {
		return Database
			.query("select event_id from ticket_types where id = ?", (rs) -> rs.getObject(1, UUID.class), ticketTypeId)
			.getFirst();
	}

	/** The hash of a ticket type's gate in Redis. */
	static String gateKey(UUID ticketTypeId) {
		return RedisGate.key(eventOf(ticketTypeId), ticketTypeId);
	}

	private static <T> T withGate(Function<RedisGate, T> look) {
		return look.apply(new RedisGate(RedisLinks::open, Deployment::eventOf));
	}

	/**
	 * Restarts one of the machine's services with the command the variable names, or the
	 * fallback; its output goes to {@code restarts.log} in {@code logDir}. Answers how
	 * long the command took.
	 */
	static Duration restart(String service, String variable, String fallback, Path logDir) throws Exception {
		String command = System.getenv().getOrDefault(variable, fallback);
		long started = System.nanoTime();
		Path log = logDir.resolve("restarts.log");
		Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		assertThat(process.waitFor()).as(service + " restart: " + command + " (see " + log + ")").isZero();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static String pem(String algorithm, int bits) throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
		if (bits > 0) {
			generator.initialize(bits);
		}
		return "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes())
					.encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
	}

}
