package io.ticketbooking.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.ticketbooking.shared.SignedPayloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * How the simulated provider tells us what happened: a Stripe-format event, signed with
 * the shared secret, posted over HTTP to this instance's own webhook endpoint, exactly as
 * an outside provider would. An event our endpoint does not answer with a 2xx (a 5xx
 * while PostgreSQL or Redis is away, a timeout under overload, no connection) is sent
 * again, with the same event id and a fresh signature, after each of
 * {@code payments.simulated-webhook-retry-delays}, as Stripe does: otherwise a paid order
 * would stay a hold until it expired. The retries wait on the application's task
 * scheduler, in this process (a simulator's memory, not a provider's).
 */
@Component
@ConditionalOnProperty(name = "payments.provider", havingValue = SimulatedProvider.NAME)
class SimulatedWebhooks {

	private static final Logger log = LoggerFactory.getLogger(SimulatedWebhooks.class);

	private final PaymentsProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final TaskScheduler scheduler;

	private volatile int port;

	SimulatedWebhooks(PaymentsProperties properties, JsonMapper json, Clock clock, TaskScheduler scheduler) {
		this.scheduler = scheduler;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void started(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			deliverTo(event.getWebServer().getPort());
		}
	}

	/** Where the events go from now on (tests point it at an endpoint of their own). */
	void deliverTo(int port) {
		this.port = port;
	}

	/**
	 * Sends one event; answers the HTTP status our endpoint gave its first delivery (502
	 * when it could not be reached). If that was no 2xx, the event is sent again later.
	 * @param object the event's {@code data.object}
	 */
	int send(String type, Map<String, Object> object) {
		String id = "evt_sim_" + random();
		byte[] event = this.json.writeValueAsBytes(Map.of("id", id, "object", "event", "type", type, "created",
				this.clock.instant().getEpochSecond(), "data", Map.of("object", object)));
		int status = deliver(type, id, event);
		if (!delivered(status)) {
			retryLater(type, id, event, 0);
		}
		return status;
	}

	private void retryLater(String type, String id, byte[] event, int retry) {
		List<Duration> delays = this.properties.simulatedWebhookRetryDelays();
		if (retry >= delays.size()) {
			if (!delays.isEmpty()) {
				log.error("Simulated provider gave up on its {} webhook {} after {} retries", type, id, retry);
			}
			return;
		}
		try {
			// the pause on the scheduler, the delivery (which may wait for its timeout)
			// on
			// a thread of its own, whatever threads the scheduler has
			this.scheduler.schedule(() -> Thread.ofVirtual().name("simulated-webhook-" + id).start(() -> {
				if (!delivered(deliver(type, id, event))) {
					retryLater(type, id, event, retry + 1);
				}
			}), this.scheduler.getClock().instant().plus(delays.get(retry)));
		}
		catch (TaskRejectedException ex) {
			log.warn("Simulated provider stopped before its {} webhook {} was delivered", type, id);
		}
	}

	/** Whether our endpoint took an event: any 2xx. */
	static boolean delivered(int status) {
		return status / 100 == 2;
	}

	/** One delivery, signed now; answers our endpoint's status (502: not reached). */
	private int deliver(String type, String id, byte[] event) {
		String signature = SignedPayloads.header(this.properties.webhookSecret(), this.clock.instant().getEpochSecond(),
				event);
		HttpRequest webhook = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/payments/webhook"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header(WebhookSignature.HEADER, signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(event))
			.build();
		try {
			int status = this.http.send(webhook, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (!delivered(status)) {
				log.warn("Our endpoint answered the simulated provider's {} webhook {} with HTTP {}", type, id, status);
			}
			return status;
		}
		catch (IOException ex) {
			log.warn("Simulated provider could not deliver its {} webhook {}: {}", type, id, ex.toString());
			return 502;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 503;
		}
	}

	static String random() {
		byte[] bytes = new byte[12];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
