package io.ticketbooking.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.ticketbooking.shared.SignedPayloads;

import org.springframework.stereotype.Component;

/**
 * Sends one attempt of a delivery: {@code POST} of its JSON body, signed with the
 * endpoint's secret at the moment of sending. Success is any {@code 2xx}; a redirect, any
 * other status, a timeout or a refused connection is a failed attempt.
 */
@Component
class WebhookSender {

	static final String SIGNATURE_HEADER = "Ticketbooking-Signature";

	static final String EVENT_HEADER = "Ticketbooking-Event";

	static final String DELIVERY_HEADER = "Ticketbooking-Delivery";

	private static final int MAX_ERROR_LENGTH = 500;

	private final HttpClient client;

	private final WebhookProperties properties;

	private final Destinations destinations;

	private final Clock clock;

	WebhookSender(WebhookProperties properties, Destinations destinations, Clock clock) {
		this.properties = properties;
		this.destinations = destinations;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** The outcome of one attempt: the status when one came back, or the error. */
	record Outcome(boolean delivered, Integer statusCode, String error, Instant at, int durationMs) {
	}

	Outcome send(WebhookDeliveries.Due delivery) {
		Instant at = this.clock.instant();
		long started = System.nanoTime();
		Optional<String> refused = this.destinations.unreachable(delivery.url());
		if (refused.isPresent()) {
			return new Outcome(false, null, refused.get(), at, elapsed(started));
		}
		byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "ticket-booking-webhooks/1")
			.header(EVENT_HEADER, delivery.eventType())
			.header(DELIVERY_HEADER, delivery.id().toString())
			.header(SIGNATURE_HEADER, SignedPayloads.header(delivery.secret(), at.getEpochSecond(), body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			boolean delivered = status >= 200 && status < 300;
			return new Outcome(delivered, status, delivered ? null : "HTTP " + status, at, elapsed(started));
		}
		catch (IOException ex) {
			return new Outcome(false, null, error(ex), at, elapsed(started));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(false, null, "interrupted", at, elapsed(started));
		}
	}

	private static String error(IOException ex) {
		String text = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) : text;
	}

	private static int elapsed(long started) {
		return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
	}

}
