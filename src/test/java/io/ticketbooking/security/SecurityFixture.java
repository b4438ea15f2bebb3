package io.ticketbooking.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

/**
 * What the security tests share: accounts of every role, events, orders and payments made
 * through the public API, and a client that can also open a stream without reading it to
 * the end.
 */
abstract class SecurityFixture extends ApplicationFixture {

	@Value("${payments.webhook-secret}")
	String webhookSecret;

	/** The client {@link #send} uses: one for the fixture, as a prober keeps one. */
	private Http probes;

	/** A request as it goes on the wire, minus the caller's token. */
	record Probe(String method, String path, String contentType, byte[] body, Map<String, String> headers) {

		static Probe of(String method, String path) {
			return new Probe(method, path, null, null, Map.of());
		}

		static Probe json(String method, String path, Object body) {
			return new Probe(method, path, "application/json", Json.write(body).getBytes(), Map.of());
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
			return Json.read(this.body);
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return this.status + " " + this.contentType + " " + text();
		}

	}

	Answer send(Probe probe, String token) {
		if (this.probes == null) {
			this.probes = http();
		}
		Http.Call call = this.probes.send(probe.method(), probe.path(), probe.contentType(), probe.body());
		probe.headers().forEach(call::header);
		if (token != null) {
			call.bearer(token);
		}
		Http.Response response = call.executeWithoutReadingStreams();
		return new Answer(response.status(), Objects.requireNonNullElse(response.contentType(), ""), response.bytes());
	}

	OrdersApi orders() {
		return new OrdersApi(http());
	}

	/** An event on sale now, created through the API by its organizer. */
	record Sale(String eventId, String ticketTypeId) {
	}

	Sale createEvent(Account organizer) {
		Map<String, Object> request = EventRequests.valid("Security " + UUID.randomUUID().toString().substring(0, 8));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> types = new ArrayList<>((List<Map<String, Object>>) request.get("ticketTypes"));
		types.get(1).put("perUserLimit", 100);
		request.put("ticketTypes", types);
		JsonNode event = new EventsApi(http()).create(organizer.token(), request).assertStatus(201).json();
		// the second type (Festival): 500 seats, up to 100 per buyer
		return new Sale(event.path("id").asString(), event.path("ticketTypes").path(1).path("id").asString());
	}

	String reserve(Account buyer, Sale sale, int quantity) {
		return orders().reserved(buyer.token(), sale.eventId(), sale.ticketTypeId(), quantity);
	}

	/** Starts a payment for the buyer's order; answers the payment id. */
	String startPayment(Account buyer, String orderId) {
		return orders().startPayment(buyer.token(), orderId)
			.execute()
			.assertStatus(201)
			.json()
			.path("paymentId")
			.asString();
	}

	/** Pays the order the way the provider does: a signed {@code succeeded} webhook. */
	void pay(Account buyer, String orderId) {
		String paymentId = startPayment(buyer, orderId);
		Map<String, Object> payment = this.jdbc
			.sql("select provider_ref, amount, currency from payments where id = :id::uuid")
			.param("id", paymentId)
			.query()
			.singleRow();
		byte[] event = StripeWebhooks.event(StripeWebhooks.newEventId(), "payment_intent.succeeded",
				(String) payment.get("provider_ref"), (Long) payment.get("amount"),
				((String) payment.get("currency")).trim().toLowerCase(), UUID.fromString(orderId));
		webhook(event).assertStatus(200);
	}

	Http.Response webhook(byte[] event) {
		return new StripeWebhooks(this.webhookSecret).signedDelivery(http(), event).execute();
	}

	/** The order's tickets once they are issued with their PDFs. */
	JsonNode awaitTickets(Account buyer, String orderId, int count) {
		return orders().awaitTickets(buyer.token(), orderId, count);
	}

	long count(String sql, Object... params) {
		var statement = this.jdbc.sql(sql);
		for (Object param : params) {
			statement = statement.param(param);
		}
		return statement.query(Long.class).single();
	}

}
