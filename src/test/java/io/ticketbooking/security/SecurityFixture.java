package io.ticketbooking.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.events.TestEventRequests;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the security tests share: accounts of every role, events, orders and payments made
 * through the public API, and a client that can also open a stream without reading it to
 * the end.
 */
abstract class SecurityFixture extends ApplicationFixture {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${payments.webhook-secret}")
	String webhookSecret;

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	/** A request as it goes on the wire, minus the caller's token. */
	record Probe(String method, String path, String contentType, byte[] body, Map<String, String> headers) {

		static Probe of(String method, String path) {
			return new Probe(method, path, null, null, Map.of());
		}

		static Probe json(String method, String path, Object body) {
			return new Probe(method, path, "application/json", Http.toJson(body).getBytes(), Map.of());
		}

		Probe with(String header, String value) {
			Map<String, String> more = new HashMap<>(this.headers);
			more.put(header, value);
			return new Probe(this.method, this.path, this.contentType, this.body, more);
		}

	}

	/** An answer; a never-ending body (Server-Sent Events) is not read. */
	record Answer(int status, String contentType, byte[] body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String text() {
			return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return this.status + " " + this.contentType + " " + text();
		}

	}

	Answer send(Probe probe, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + probe.path()))
			.timeout(Duration.ofSeconds(30))
			.method(probe.method(), (probe.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(probe.body())
					: HttpRequest.BodyPublishers.noBody());
		if (probe.contentType() != null) {
			request.header("Content-Type", probe.contentType());
		}
		probe.headers().forEach(request::header);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<InputStream> response = this.client.send(request.build(),
					HttpResponse.BodyHandlers.ofInputStream());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			try (InputStream body = response.body()) {
				byte[] bytes = contentType.startsWith("text/event-stream") ? new byte[0] : body.readAllBytes();
				return new Answer(response.statusCode(), contentType, bytes);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An event on sale now, created through the API by its organizer. */
	record Sale(String eventId, String ticketTypeId) {
	}

	Sale createEvent(Account organizer) {
		Map<String, Object> request = TestEventRequests
			.valid("Security " + UUID.randomUUID().toString().substring(0, 8));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> types = new ArrayList<>((List<Map<String, Object>>) request.get("ticketTypes"));
		types.get(1).put("perUserLimit", 100);
		request.put("ticketTypes", types);
		Http.Response created = http().post("/api/v1/events", request).bearer(organizer.token()).execute();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode event = created.json();
		// the second type (Festival): 500 seats, up to 100 per buyer
		return new Sale(event.path("id").asString(), event.path("ticketTypes").path(1).path("id").asString());
	}

	String reserve(Account buyer, Sale sale, int quantity) {
		Http.Response order = http()
			.post("/api/v1/orders",
					Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity", quantity))
			.bearer(buyer.token())
			.execute();
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		return order.json().path("id").asString();
	}

	/** Starts a payment for the buyer's order; answers the payment id. */
	String startPayment(Account buyer, String orderId) {
		Http.Response payment = http().post("/api/v1/orders/" + orderId + "/payment", "")
			.bearer(buyer.token())
			.execute();
		assertThat(payment.status()).as(payment.toString()).isEqualTo(201);
		return payment.json().path("paymentId").asString();
	}

	/** Pays the order the way the provider does: a signed {@code succeeded} webhook. */
	void pay(Account buyer, String orderId) {
		String paymentId = startPayment(buyer, orderId);
		Map<String, Object> payment = this.jdbc
			.sql("select provider_ref, amount, currency from payments where id = :id::uuid")
			.param("id", paymentId)
			.query()
			.singleRow();
		byte[] event = StripeWebhooks.event("evt_" + UUID.randomUUID().toString().replace("-", ""),
				"payment_intent.succeeded", (String) payment.get("provider_ref"), (Long) payment.get("amount"),
				((String) payment.get("currency")).trim().toLowerCase(), UUID.fromString(orderId));
		Http.Response delivered = webhook(event);
		assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
	}

	Http.Response webhook(byte[] event) {
		return http().send("POST", "/api/v1/payments/webhook", "application/json", event)
			.header("Stripe-Signature", new StripeWebhooks(this.webhookSecret).signature(event))
			.execute();
	}

	/** The order's tickets once they are issued with their PDFs. */
	JsonNode awaitTickets(Account buyer, String orderId, int count) {
		long deadline = System.currentTimeMillis() + 20_000;
		while (true) {
			JsonNode tickets = http().get("/api/v1/orders/" + orderId + "/tickets")
				.bearer(buyer.token())
				.execute()
				.json();
			if (tickets.size() == count && !tickets.path(count - 1).path("pdfUrl").isNull()) {
				return tickets;
			}
			assertThat(System.currentTimeMillis()).as("tickets of order %s issued in time", orderId)
				.isLessThan(deadline);
			sleep(100);
		}
	}

	long count(String sql, Object... params) {
		var statement = this.jdbc.sql(sql);
		for (Object param : params) {
			statement = statement.param(param);
		}
		return statement.query(Long.class).single();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
