package io.ticketbooking.support;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The orders API as a buyer calls it. Requests come back unsent, with the buyer's token,
 * so a test can add headers before it sends them.
 */
public final class OrdersApi {

	private final Http http;

	public OrdersApi(Http http) {
		this.http = http;
	}

	public Http.Call reserve(String token, Object eventId, Object ticketTypeId, int quantity) {
		return this.http
			.post("/api/v1/orders", Map.of("eventId", eventId, "ticketTypeId", ticketTypeId, "quantity", quantity))
			.bearer(token);
	}

	/** Reserves, which must succeed; answers the order's id. */
	public String reserved(String token, Object eventId, Object ticketTypeId, int quantity) {
		return reserve(token, eventId, ticketTypeId, quantity).execute().assertStatus(201).json().path("id").asString();
	}

	public Http.Call startPayment(String token, Object orderId) {
		return this.http.post("/api/v1/orders/" + orderId + "/payment", "").bearer(token);
	}

	/**
	 * Pays the order on the simulated provider's page, as a buyer does; the order is
	 * confirmed when the provider's signed webhook arrives, moments later.
	 */
	public void payOnCheckoutPage(String token, Object orderId) {
		Http.Response payment = startPayment(token, orderId).execute().assertStatus(201);
		String checkout = URI.create(payment.json().path("checkoutUrl").asString()).getRawPath();
		Http.Response paid = this.http.send("POST", checkout + "/pay", "application/x-www-form-urlencoded", new byte[0])
			.execute();
		assertThat(paid.text()).contains("Payment received");
	}

	public Http.Call cancel(String token, Object orderId) {
		return this.http.post("/api/v1/orders/" + orderId + "/cancel", "").bearer(token);
	}

	/** The order's tickets once all of them are issued with their PDFs; 20 s at most. */
	public JsonNode awaitTickets(String token, Object orderId, int count) {
		JsonNode[] tickets = new JsonNode[1];
		await("tickets of order " + orderId + " issued").atMost(Duration.ofSeconds(20)).until(() -> {
			tickets[0] = this.http.get("/api/v1/orders/" + orderId + "/tickets").bearer(token).execute().json();
			if (tickets[0].size() != count) {
				return false;
			}
			for (JsonNode ticket : tickets[0]) {
				if (ticket.path("pdfUrl").isNull() || ticket.path("issuing").asBoolean()) {
					return false;
				}
			}
			return true;
		});
		return tickets[0];
	}

}
