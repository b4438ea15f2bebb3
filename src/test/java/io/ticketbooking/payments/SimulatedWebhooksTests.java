package io.ticketbooking.payments;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulated provider sends an event our endpoint did not take (no 2xx) again, as an
 * outside provider does: the same event, signed anew each time, after each configured
 * pause, and no more once it was taken or the pauses ran out. The endpoint here is a real
 * HTTP server on loopback that answers with the statuses a test gives it.
 */
class SimulatedWebhooksTests {

	private static final String SECRET = "whsec_test";

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private final SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();

	private HttpServer endpoint;

	record Delivery(String signature, byte[] body) {
	}

	@BeforeEach
	void start() throws IOException {
		this.scheduler.setVirtualThreads(true);
		this.endpoint = endpoint(0);
	}

	@AfterEach
	void stop() {
		this.scheduler.close();
		this.endpoint.stop(0);
	}

	/**
	 * Our webhook endpoint on {@code port} (0: any free one): it records each delivery
	 * and answers 503 while {@link #failuresLeft} lasts, 200 after.
	 */
	private HttpServer endpoint(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		server.createContext("/api/v1/payments/webhook", (exchange) -> {
			this.deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
					exchange.getRequestBody().readAllBytes()));
			int status = (this.failuresLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) ? 503 : 200;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	private SimulatedWebhooks webhooks(Duration... retryDelays) {
		SimulatedWebhooks webhooks = new SimulatedWebhooks(
				new PaymentsProperties(SECRET, SimulatedProvider.NAME, Duration.ofMinutes(5), "", List.of(retryDelays)),
				this.json, Clock.systemUTC(), this.scheduler);
		webhooks.deliverTo(this.endpoint.getAddress().getPort());
		return webhooks;
	}

	@Test
	void anEventTheEndpointRefusedIsSentAgainSignedAnewUntilItIsTaken() {
		this.failuresLeft.set(2);
		SimulatedWebhooks webhooks = webhooks(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));

		assertThat(webhooks.send(WebhookProcessor.SUCCEEDED, Map.of("id", "pi_sim_1"))).isEqualTo(503);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.deliveries.size() == 3);
		pause(Duration.ofMillis(500));
		assertThat(this.deliveries).hasSize(3);
		WebhookSignature verifier = new WebhookSignature(SECRET, Duration.ofMinutes(5), Clock.systemUTC());
		String eventId = this.json.readTree(this.deliveries.get(0).body()).path("id").asString();
		assertThat(eventId).startsWith("evt_sim_");
		for (Delivery delivery : this.deliveries) {
			verifier.verify(delivery.signature(), delivery.body());
			assertThat(this.json.readTree(delivery.body()).path("id").asString()).isEqualTo(eventId);
			assertThat(this.json.readTree(delivery.body()).path("data").path("object").path("id").asString())
				.isEqualTo("pi_sim_1");
		}
	}

	@Test
	void anEventTakenAtOnceIsSentOnce() {
		SimulatedWebhooks webhooks = webhooks(Duration.ofMillis(50));

		assertThat(webhooks.send(WebhookProcessor.SUCCEEDED, Map.of("id", "pi_sim_2"))).isEqualTo(200);

		pause(Duration.ofMillis(500));
		assertThat(this.deliveries).hasSize(1);
	}

	@Test
	void theRetriesEndWithTheLastPause() {
		this.failuresLeft.set(Integer.MAX_VALUE);
		SimulatedWebhooks webhooks = webhooks(Duration.ofMillis(50), Duration.ofMillis(50));

		assertThat(webhooks.send(WebhookProcessor.FAILED, Map.of("id", "pi_sim_3"))).isEqualTo(503);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.deliveries.size() == 3);
		pause(Duration.ofMillis(500));
		assertThat(this.deliveries).hasSize(3);
	}

	@Test
	void anEndpointThatCannotBeReachedIsTriedAgain() throws IOException {
		SimulatedWebhooks webhooks = webhooks(Duration.ofMillis(300));
		int port = this.endpoint.getAddress().getPort();
		this.endpoint.stop(0);

		assertThat(webhooks.send(WebhookProcessor.SUCCEEDED, Map.of("id", "pi_sim_4"))).isEqualTo(502);
		// the endpoint is back before the retry
		this.endpoint = endpoint(port);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.deliveries.size() == 1);
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
