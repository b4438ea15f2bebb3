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
import java.util.Map;

import io.ticketbooking.shared.SignedPayloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How the simulated provider tells us what happened: a Stripe-format event, signed with
 * the shared secret, posted over HTTP to this instance's own webhook endpoint, exactly as
 * an outside provider would.
 */
@Component
@ConditionalOnProperty(name = "payments.provider", havingValue = SimulatedProvider.NAME)
class SimulatedWebhooks {

	private static final Logger log = LoggerFactory.getLogger(SimulatedWebhooks.class);

	private final PaymentsProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private volatile int port;

	SimulatedWebhooks(PaymentsProperties properties, JsonMapper json, Clock clock) {
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void started(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.port = event.getWebServer().getPort();
		}
	}

	/**
	 * Sends one event; answers the HTTP status our endpoint gave it (502 when it could
	 * not be reached).
	 * @param object the event's {@code data.object}
	 */
	int send(String type, Map<String, Object> object) {
		byte[] event = this.json.writeValueAsBytes(Map.of("id", "evt_sim_" + random(), "object", "event", "type", type,
				"created", this.clock.instant().getEpochSecond(), "data", Map.of("object", object)));
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
			return this.http.send(webhook, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			log.warn("Simulated provider could not deliver its {} webhook: {}", type, ex.getMessage());
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
