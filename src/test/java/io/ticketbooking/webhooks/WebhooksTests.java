package io.ticketbooking.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.orders.OrderConfirmed;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outgoing webhooks end to end (docs/webhooks.md): endpoints registered through the API,
 * a real sale (simulated provider's page, its signed webhook), check-in at the gate, and
 * a real HTTP receiver on loopback. The test context allows private addresses and retries
 * after 1 s, 1 s and 1 s.
 */
@IntegrationTest
class WebhooksTests extends ApplicationFixture {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void aPaidOrderAndAFirstScanReachTheOrganizersEndpointSignedAndOnce() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Account otherOrganizer = accounts().create("ORGANIZER");
		try (Receiver receiver = Receiver.answering(200); Receiver other = Receiver.answering(200)) {
			JsonNode endpoint = register(organizer, receiver.url(), "order.confirmed", "ticket.checked_in");
			String secret = endpoint.path("secret").asString();
			assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
			register(otherOrganizer, other.url(), "order.confirmed", "ticket.checked_in");
			Map<String, String> sale = sale(organizer);
			Account buyer = accounts().create();

			String orderId = paidOrder(buyer, sale, 2);
			Receiver.Received confirmed = receiver.next(WAIT);
			assertThat(confirmed).as("order.confirmed delivered").isNotNull();
			assertSigned(confirmed, secret);
			assertThat(confirmed.header("Content-Type")).startsWith("application/json");
			assertThat(confirmed.header("Ticketbooking-Event")).isEqualTo("order.confirmed");
			JsonNode body = Json.read(confirmed.text());
			assertThat(body.path("type").asString()).isEqualTo("order.confirmed");
			assertThat(body.path("id").asString()).isNotEmpty();
			assertThat(body.path("data").path("orderId").asString()).isEqualTo(orderId);
			assertThat(body.path("data").path("eventId").asString()).isEqualTo(sale.get("eventId"));
			assertThat(body.path("data").path("quantity").asInt()).isEqualTo(2);

			new OrdersApi(http()).awaitTickets(buyer.token(), orderId, 2);
			String payload = this.jdbc.sql("select qr_payload from tickets where order_id = :id::uuid limit 1")
				.param("id", orderId)
				.query(String.class)
				.single();
			checkIn(organizer, payload).assertStatus(200);
			assertThat(checkIn(organizer, payload).status()).isEqualTo(409);
			Receiver.Received scanned = receiver.next(WAIT);
			assertThat(scanned).as("ticket.checked_in delivered").isNotNull();
			assertSigned(scanned, secret);
			JsonNode scan = Json.read(scanned.text()).path("data");
			assertThat(Json.read(scanned.text()).path("type").asString()).isEqualTo("ticket.checked_in");
			assertThat(scan.path("orderId").asString()).isEqualTo(orderId);
			assertThat(scan.path("code").asString()).isNotEmpty();

			// the second scan is no event; the other organizer hears of none of this
			assertThat(receiver.next(Duration.ofSeconds(2))).isNull();
			assertThat(other.count()).isZero();

			JsonNode log = deliveries(organizer, endpoint.path("id").asString());
			assertThat(log.path("totalItems").asInt()).isEqualTo(2);
			for (JsonNode delivery : log.path("items")) {
				assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
				assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
				assertThat(delivery.path("log").path(0).path("statusCode").asInt()).isEqualTo(200);
				assertThat(delivery.path("deliveredAt").isNull()).isFalse();
			}
		}
	}

	@Test
	void aRefundTheProviderConfirmedReachesTheOrganizersEndpointSigned() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		try (Receiver receiver = Receiver.answering(200)) {
			String secret = register(organizer, receiver.url(), "order.refunded").path("secret").asString();
			Map<String, String> sale = sale(organizer);
			String orderId = paidOrder(accounts().create(), sale, 2);

			http().post("/api/v1/organizer/orders/" + orderId + "/refunds", "")
				.bearer(organizer.token())
				.execute()
				.assertStatus(202);

			Receiver.Received refunded = receiver.next(WAIT);
			assertThat(refunded).as("order.refunded delivered").isNotNull();
			assertSigned(refunded, secret);
			JsonNode body = Json.read(refunded.text());
			assertThat(body.path("type").asString()).isEqualTo("order.refunded");
			assertThat(body.path("data").path("orderId").asString()).isEqualTo(orderId);
			assertThat(body.path("data").path("full").asBoolean()).isTrue();
			assertThat(body.path("data").path("reason").asString()).isEqualTo("ORGANIZER");
			assertThat(body.path("data").path("amount").asLong()).isPositive();
			assertThat(this.jdbc.sql("select status from orders where id = :id::uuid")
				.param("id", orderId)
				.query(String.class)
				.single()).isEqualTo("REFUNDED");
			assertThat(receiver.next(Duration.ofSeconds(1))).as("nothing else subscribed").isNull();
		}
	}

	@Test
	void aFailingReceiverGetsRetriesWithBackoffAndTheLogShowsEachAttempt() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		// 500, 503, then 200
		try (Receiver receiver = new Receiver((n) -> (n == 1) ? 500 : (n == 2) ? 503 : 200)) {
			JsonNode endpoint = register(organizer, receiver.url(), "order.confirmed");
			String orderId = paidOrder(accounts().create(), sale(organizer), 1);
			Receiver.Received first = receiver.next(WAIT);
			Receiver.Received second = receiver.next(WAIT);
			Receiver.Received third = receiver.next(WAIT);
			assertThat(third).as("three attempts").isNotNull();
			// the same event each time, signed anew
			for (Receiver.Received attempt : List.of(first, second, third)) {
				assertSigned(attempt, endpoint.path("secret").asString());
				assertThat(Json.read(attempt.text()).path("data").path("orderId").asString()).isEqualTo(orderId);
			}
			assertThat(first.text()).isEqualTo(third.text());

			JsonNode delivery = awaitDelivery(organizer, endpoint, "DELIVERED");
			assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
			JsonNode attempts = delivery.path("log");
			assertThat(attempts).hasSize(3);
			assertThat(attempts.path(0).path("statusCode").asInt()).isEqualTo(500);
			assertThat(attempts.path(0).path("error").asString()).isEqualTo("HTTP 500");
			assertThat(attempts.path(1).path("statusCode").asInt()).isEqualTo(503);
			assertThat(attempts.path(2).path("statusCode").asInt()).isEqualTo(200);
			assertThat(attempts.path(2).path("error").isNull()).isTrue();
			// backoff: each retry waited its delay (1 s here)
			for (int i = 1; i < 3; i++) {
				Duration waited = Duration.between(Instant.parse(attempts.path(i - 1).path("at").asString()),
						Instant.parse(attempts.path(i).path("at").asString()));
				assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(950));
			}
		}
	}

	@Test
	void aReceiverThatIsDownFailsForGoodAfterTheLastRetry() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		String closed;
		try (Receiver gone = Receiver.answering(200)) {
			closed = gone.url();
		}
		JsonNode endpoint = register(organizer, closed, "order.confirmed");
		http().post("/api/v1/organizer/webhooks/" + endpoint.path("id").asString() + "/ping", "")
			.bearer(organizer.token())
			.execute()
			.assertStatus(202);

		JsonNode delivery = awaitDelivery(organizer, endpoint, "FAILED");
		assertThat(delivery.path("type").asString()).isEqualTo("ping");
		assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
		assertThat(delivery.path("nextAttemptAt").isNull()).isTrue();
		assertThat(delivery.path("log")).hasSize(4);
		for (JsonNode attempt : delivery.path("log")) {
			assertThat(attempt.path("statusCode").isNull()).isTrue();
			assertThat(attempt.path("error").asString()).contains("Connect");
		}
	}

	@Test
	void aDomainEventHeardTwiceIsDeliveredOnce() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		try (Receiver receiver = Receiver.answering(204)) {
			JsonNode endpoint = register(organizer, receiver.url(), "order.confirmed");
			Map<String, String> sale = sale(organizer);
			Account buyer = accounts().create();
			String orderId = paidOrder(buyer, sale, 1);
			assertThat(receiver.next(WAIT)).isNotNull();

			// the outbox sends at least once: the same confirmation again
			OrderConfirmed again = new OrderConfirmed(UUID.fromString(orderId), buyer.id(),
					UUID.fromString(sale.get("eventId")), UUID.fromString(sale.get("ticketTypeId")), 1);
			this.transactions.executeWithoutResult((tx) -> this.publisher.publishEvent(again));
			assertThat(receiver.next(Duration.ofSeconds(3))).as("a second delivery").isNull();
			assertThat(deliveries(organizer, endpoint.path("id").asString()).path("totalItems").asInt()).isEqualTo(1);
		}
	}

	@Test
	void endpointsAreCheckedAndOnlyTheirOrganizerSeesThem() {
		Account organizer = accounts().create("ORGANIZER");
		String good = "https://hooks.example.com/tickets";
		for (String url : List.of("ftp://hooks.example.com/x", "/relative", "https://user:pw@hooks.example.com/",
				"not a url", "https:///no-host")) {
			assertProblem(create(organizer, url, List.of("order.confirmed")), 422, "VALIDATION_FAILED");
		}
		assertProblem(create(organizer, good, List.of("order.shipped")), 422, "VALIDATION_FAILED");
		assertThat(create(organizer, good, List.of()).status()).isIn(400, 422);

		String id = create(organizer, good, List.of("order.confirmed")).assertStatus(201).json().path("id").asString();
		JsonNode mine = http().get("/api/v1/organizer/webhooks").bearer(organizer.token()).execute().json();
		assertThat(mine).hasSize(1);
		assertThat(mine.path(0).path("url").asString()).isEqualTo(good);
		assertThat(mine.path(0).path("events").path(0).asString()).isEqualTo("order.confirmed");

		String stranger = accounts().create("ORGANIZER").token();
		String base = "/api/v1/organizer/webhooks/" + id;
		assertProblem(http().get(base + "/deliveries").bearer(stranger).execute(), 404, "NOT_FOUND");
		assertProblem(http().post(base + "/ping", "").bearer(stranger).execute(), 404, "NOT_FOUND");
		assertProblem(http().delete(base).bearer(stranger).execute(), 404, "NOT_FOUND");
		assertThat(http().get("/api/v1/organizer/webhooks").bearer(stranger).execute().json()).isEmpty();
		assertThat(http().get("/api/v1/organizer/webhooks").bearer(accounts().create().token()).execute().status())
			.isEqualTo(403);

		for (int i = 1; i < 10; i++) {
			create(organizer, good + "/" + i, List.of("order.confirmed")).assertStatus(201);
		}
		assertProblem(create(organizer, good + "/11", List.of("order.confirmed")), 409, "TOO_MANY_WEBHOOKS");
		http().delete(base).bearer(organizer.token()).execute().assertStatus(204);
		assertProblem(http().get(base + "/deliveries").bearer(organizer.token()).execute(), 404, "NOT_FOUND");
		create(organizer, good + "/11", List.of("order.confirmed")).assertStatus(201);
	}

	private Http.Response create(Account organizer, String url, List<String> events) {
		return http().post("/api/v1/organizer/webhooks", Map.of("url", url, "events", events))
			.bearer(organizer.token())
			.execute();
	}

	private JsonNode register(Account organizer, String url, String... events) {
		return create(organizer, url, List.of(events)).assertStatus(201).json();
	}

	private JsonNode deliveries(Account organizer, String endpointId) {
		return http().get("/api/v1/organizer/webhooks/" + endpointId + "/deliveries")
			.bearer(organizer.token())
			.execute()
			.assertStatus(200)
			.json();
	}

	/** The endpoint's only delivery, once it has this status. */
	private JsonNode awaitDelivery(Account organizer, JsonNode endpoint, String status) {
		JsonNode[] delivery = new JsonNode[1];
		await().atMost(WAIT).until(() -> {
			delivery[0] = deliveries(organizer, endpoint.path("id").asString()).path("items").path(0);
			return status.equals(delivery[0].path("status").asString());
		});
		return delivery[0];
	}

	private Map<String, String> sale(Account organizer) {
		JsonNode event = new EventsApi(http())
			.create(organizer.token(), EventRequests.valid("Hooked " + UUID.randomUUID().toString().substring(0, 8)))
			.assertStatus(201)
			.json();
		return Map.of("eventId", event.path("id").asString(), "ticketTypeId",
				event.path("ticketTypes").path(0).path("id").asString());
	}

	private String paidOrder(Account buyer, Map<String, String> sale, int quantity) {
		OrdersApi orders = new OrdersApi(http());
		String orderId = orders.reserved(buyer.token(), sale.get("eventId"), sale.get("ticketTypeId"), quantity);
		orders.payOnCheckoutPage(buyer.token(), orderId);
		return orderId;
	}

	private Http.Response checkIn(Account organizer, String payload) {
		return http().post("/api/v1/checkin", Map.of("payload", payload)).bearer(organizer.token()).execute();
	}

	/**
	 * Verified as a receiver would: the scheme of our incoming webhook, a fresh
	 * timestamp.
	 */
	private static void assertSigned(Receiver.Received delivery, String secret) {
		String header = delivery.header("Ticketbooking-Signature");
		assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
		long timestamp = Long.parseLong(header.substring(2, header.indexOf(',')));
		assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
		assertThat(header.substring(header.indexOf("v1=") + 3))
			.isEqualTo(StripeWebhooks.hmac(secret, timestamp, delivery.body()));
		assertThat(StripeWebhooks.hmac("whsec_wrong", timestamp, delivery.body()))
			.isNotEqualTo(header.substring(header.indexOf("v1=") + 3));
	}

}
