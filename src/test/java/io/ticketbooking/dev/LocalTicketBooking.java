package io.ticketbooking.dev;

import java.nio.file.Path;

import io.ticketbooking.TicketBookingApplication;
import io.ticketbooking.support.EmbeddedInfrastructure;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service on a machine that has nothing but a JDK: embedded PostgreSQL, Redis,
 * an AMQP broker and an S3 API, with data kept under {@code .local/}. Started by
 * {@code ./mvnw spring-boot:test-run}; it lives in test scope so none of it reaches the
 * jar.
 */
public final class LocalTicketBooking {

	private LocalTicketBooking() {
	}

	public static void main(String[] args) {
		Path dataDir = Path.of(System.getProperty("ticketbooking.data-dir", ".local"));
		EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(dataDir);
		Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "embedded-infrastructure-stop"));
		infrastructure.properties().forEach(System::setProperty);
		System.setProperty("logging.structured.format.console", System.getProperty("LOG_FORMAT", ""));
		// a developer's webhook receiver runs on this machine (docs/webhooks.md)
		if (System.getenv("WEBHOOK_ALLOW_PRIVATE_NETWORK") == null) {
			System.setProperty("webhooks.allow-private-network", "true");
		}
		var context = SpringApplication.run(TicketBookingApplication.class, args);
		String port = context.getEnvironment().getProperty("local.server.port", "8000");
		System.out.printf("%n  Ticket Booking is up (embedded infrastructure, data in %s)%n"
				+ "    Web front   http://localhost:%s/%n" + "    API         http://localhost:%s/api/v1/events%n"
				+ "    Swagger UI  http://localhost:%s/swagger-ui.html%n"
				+ "    Health      http://localhost:%s/actuator/health%n%n", dataDir.toAbsolutePath(), port, port, port,
				port);
		if (infrastructure.mail() != null) {
			System.out.printf(
					"  Emails go to the embedded mail server: read them over IMAP at localhost:%d "
							+ "(user: the address, any password), kept until it stops%n%n",
					infrastructure.mail().getImap().getPort());
		}
	}

}
