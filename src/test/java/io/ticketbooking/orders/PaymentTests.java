package io.ticketbooking.orders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paying for an order: checkout, the signed webhook, exactly-once confirmation, the
 * OrderConfirmed message on the broker, and the simulated provider's page.
 */
@IntegrationTest
class PaymentTests extends PaymentsFixture {

	@Test
	void paidOrderIsConfirmedAndAnnouncedOnTheBroker() {
		String queue = bindQueue(OrderEventsRelay.ORDER_CONFIRMED);
		try {
			OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
			Reserved order = reserved(accounts().create(), sale, 2);

			Http.Response checkout = startPayment(order.buyer(), order.orderId());
			assertThat(checkout.status()).isEqualTo(201);
			JsonNode body = checkout.json();
			assertThat(body.path("provider").asString()).isEqualTo("simulated");
			assertThat(body.path("amount").asLong()).isEqualTo(order.total()).isEqualTo(2 * sale.price());
			assertThat(body.path("currency").asString()).isEqualTo("IDR");
			assertThat(body.path("checkoutUrl").asString())
				.contains("/payments/simulated/" + body.path("paymentId").asString());

			String intent = providerRef(UUID.fromString(body.path("paymentId").asString()));
			Http.Response delivered = deliverSigned(event(SUCCEEDED, intent, order));
			assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
			assertThat(status(order.orderId())).isEqualTo("CONFIRMED");

			List<JsonNode> messages = messagesFor(queue, order.orderId(), 10_000);
			assertThat(messages).hasSize(1);
			assertThat(messages.get(0).path("userId").asString()).isEqualTo(order.buyer().id().toString());
			assertThat(messages.get(0).path("eventId").asString()).isEqualTo(sale.eventId().toString());
			assertThat(messages.get(0).path("ticketTypeId").asString()).isEqualTo(sale.ticketTypeId().toString());
			assertThat(messages.get(0).path("quantity").asInt()).isEqualTo(2);
			eventually(() -> assertThat(completedOutboxEntries(order.orderId())).isEqualTo(1));
			assertThat(paymentStatus(body.path("paymentId").asString())).isEqualTo("SUCCEEDED");
			assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(2);
		}
		finally {
			unbind(queue);
		}
	}

	@Test
	void webhooksWithoutAValidSignatureChangeNothing() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved order = reserved(accounts().create(), sale, 1);
		String intent = paymentIntent(order);
		byte[] body = event(SUCCEEDED, intent, order);
		long now = Instant.now().getEpochSecond();

		assertInvalidSignature(deliver(body, null));
		assertInvalidSignature(deliver(body, ""));
		assertInvalidSignature(deliver(body, "t=" + now + ",v1=" + "ab".repeat(32)));
		assertInvalidSignature(deliver(body, new StripeWebhooks("wrong-secret").signature(body)));
		assertInvalidSignature(deliver(body, webhooks().signature(body, Instant.now().getEpochSecond() - 310)));
		assertInvalidSignature(deliver(body, webhooks().signature(body, Instant.now().getEpochSecond() + 310)));
		assertInvalidSignature(deliver(body, "v1=" + StripeWebhooks.hmac(this.webhookSecret, now, body)));
		String altered = new String(body, StandardCharsets.UTF_8).replace("\"amount\":" + order.total(),
				"\"amount\":" + (order.total() - 1));
		assertThat(altered).isNotEqualTo(new String(body, StandardCharsets.UTF_8));
		assertInvalidSignature(deliver(altered.getBytes(StandardCharsets.UTF_8), webhooks().signature(body, now)));

		assertThat(status(order.orderId())).isEqualTo("RESERVED");
		assertThat(this.jdbc.sql("select count(*) from payment_webhook_events where event_id = :id")
			.param("id", eventId(body))
			.query(Integer.class)
			.single()).isZero();

		// the same body correctly signed, with a rotated secret's signature alongside,
		// works
		String rotated = webhooks().signature(body, now) + ",v1=" + "cd".repeat(32);
		assertThat(deliver(body, rotated).status()).isEqualTo(200);
		assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
	}

	@Test
	void theSameEventDeliveredFiveTimesAtOnceConfirmsOnceAndSendsOneMessage() throws Exception {
		String queue = bindQueue(OrderEventsRelay.ORDER_CONFIRMED);
		try {
			OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
			Reserved order = reserved(accounts().create(), sale, 1);
			byte[] body = event(SUCCEEDED, paymentIntent(order), order);
			String signature = webhooks().signature(body);

			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < 5; i++) {
					results.add(pool.submit(() -> {
						start.await();
						return deliver(body, signature).status();
					}));
				}
				start.countDown();
				for (Future<Integer> result : results) {
					assertThat(result.get()).isEqualTo(200);
				}
			}

			assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
			assertThat(messagesFor(queue, order.orderId(), 3_000)).hasSize(1);
			assertThat(this.jdbc
				.sql("select count(*) from event_publication where event_type like '%OrderConfirmed' "
						+ "and listener_id like '%OrderEventsRelay%' and serialized_event like :order")
				.param("order", "%" + order.orderId() + "%")
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
		finally {
			unbind(queue);
		}
	}

	/**
	 * The same payment's success told again under a new event id (as the simulated
	 * provider may, when the buyer pays again while its first event is still being
	 * retried) changes nothing: one confirmation, one message, no refund. A second
	 * payment is another attempt, and is refunded (RefundTests).
	 */
	@Test
	void anotherSuccessEventOfAPaymentThatSucceededChangesNothing() {
		String queue = bindQueue(OrderEventsRelay.ORDER_CONFIRMED);
		try {
			OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
			Reserved order = reserved(accounts().create(), sale, 1);
			String intent = paymentIntent(order);

			assertThat(deliverSigned(event(SUCCEEDED, intent, order)).status()).isEqualTo(200);
			assertThat(deliverSigned(event(SUCCEEDED, intent, order)).status()).isEqualTo(200);

			assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
			assertThat(messagesFor(queue, order.orderId(), 3_000)).hasSize(1);
			assertThat(this.jdbc.sql("select count(*) from refunds where order_id = :order")
				.param("order", order.orderId())
				.query(Integer.class)
				.single()).isZero();
		}
		finally {
			unbind(queue);
		}
	}

	/**
	 * Behind a load balancer (loopback and private addresses are trusted proxies) the
	 * links the service builds carry the scheme, host and port the client used, from
	 * {@code X-Forwarded-Proto/-Host/-Port}, not the instance's own
	 * (FORWARD_HEADERS_STRATEGY).
	 */
	@Test
	void linksCarryTheAddressTheClientUsedBehindAProxy() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved order = reserved(accounts().create(), sale, 1);

		Http.Response checkout = new OrdersApi(http()).startPayment(order.buyer().token(), order.orderId())
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "tickets.example")
			.header("X-Forwarded-Port", "443")
			.header("X-Forwarded-For", "203.0.113.7")
			.execute()
			.assertStatus(201);

		assertThat(checkout.json().path("checkoutUrl").asString()).startsWith("https://tickets.example/");
	}

	@Test
	void theSimulatedCheckoutPagePaysTheOrder() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved order = reserved(accounts().create(), sale, 1);
		JsonNode checkout = startPayment(order.buyer(), order.orderId()).json();

		Http.Response page = http().get(pathOf(checkout.path("checkoutUrl").asString())).execute();
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.text()).doesNotContain(order.buyer().email()).doesNotContain(order.orderId().toString());
		Matcher pay = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"><button type=\"submit\">Pay</button>")
			.matcher(page.text());
		assertThat(pay.find()).as(page.text()).isTrue();

		Http.Response paid = http().send("POST", pay.group(1), "application/x-www-form-urlencoded", new byte[0])
			.execute();
		assertThat(paid.status()).isEqualTo(200);
		assertThat(paid.text()).contains("Payment received");
		assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
		assertThat(http().get(pathOf(checkout.path("checkoutUrl").asString())).execute().text()).doesNotContain("<form")
			.contains("SUCCEEDED");
	}

	@Test
	void aDeclinedPaymentLeavesTheOrderReservedAndANewAttemptCanPay() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved order = reserved(accounts().create(), sale, 1);
		JsonNode first = startPayment(order.buyer(), order.orderId()).json();
		Http.Response declined = http()
			.send("POST", pathOf(first.path("checkoutUrl").asString()) + "/decline",
					"application/x-www-form-urlencoded", new byte[0])
			.execute();
		assertThat(declined.text()).contains("declined");
		assertThat(paymentStatus(first.path("paymentId").asString())).isEqualTo("FAILED");
		assertThat(status(order.orderId())).isEqualTo("RESERVED");

		JsonNode second = startPayment(order.buyer(), order.orderId()).json();
		assertThat(second.path("paymentId").asString()).isNotEqualTo(first.path("paymentId").asString());
		assertThat(deliverSigned(
				event(SUCCEEDED, providerRef(UUID.fromString(second.path("paymentId").asString())), order))
			.status()).isEqualTo(200);
		assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
	}

	@Test
	void onlyTheOwnerPaysAndOnlyAReservedOrder() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved order = reserved(accounts().create(), sale, 1);
		assertProblem(startPayment(accounts().create(), order.orderId()), 404, "NOT_FOUND");
		assertProblem(startPayment(order.buyer(), UUID.randomUUID()), 404, "NOT_FOUND");

		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id")
			.param("id", order.orderId())
			.update();
		assertProblem(startPayment(order.buyer(), order.orderId()), 409, "ORDER_NOT_PAYABLE");

		Reserved cancelled = reserved(accounts().create(), sale, 1);
		http().post("/api/v1/orders/" + cancelled.orderId() + "/cancel", "")
			.bearer(cancelled.buyer().token())
			.execute();
		assertProblem(startPayment(cancelled.buyer(), cancelled.orderId()), 409, "ORDER_NOT_PAYABLE");
	}

	@Test
	void aPaymentThatDoesNotMatchTheOrderIsRefused() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved order = reserved(accounts().create(), sale, 2);
		String intent = paymentIntent(order);
		byte[] tooLittle = StripeWebhooks.event("evt_" + UUID.randomUUID(), SUCCEEDED, intent, order.total() - 1, "idr",
				order.orderId());
		byte[] wrongCurrency = StripeWebhooks.event("evt_" + UUID.randomUUID(), SUCCEEDED, intent, order.total(), "eur",
				order.orderId());
		assertThat(deliverSigned(tooLittle).status()).isEqualTo(200);
		assertThat(deliverSigned(wrongCurrency).status()).isEqualTo(200);
		assertThat(status(order.orderId())).isEqualTo("RESERVED");
	}

	@Test
	void signedButMalformedEventsAreRefused() {
		byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
		assertProblem(deliverSigned(notJson), 400, "MALFORMED_EVENT");
		byte[] noData = "{\"id\":\"evt_x1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);
		assertProblem(deliverSigned(noData), 400, "MALFORMED_EVENT");
		byte[] noRefunds = ("{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"charge.refunded\"}")
			.getBytes(StandardCharsets.UTF_8);
		assertProblem(deliverSigned(noRefunds), 400, "MALFORMED_EVENT");
		byte[] otherType = ("{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"customer.created\"}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(deliverSigned(otherType).status()).isEqualTo(200);
	}

	private void assertInvalidSignature(Http.Response response) {
		assertProblem(response, 400, "INVALID_SIGNATURE");
	}

	private static String eventId(byte[] body) {
		return Json.read(body).path("id").asString();
	}

	private String paymentStatus(String paymentId) {
		return this.jdbc.sql("select status from payments where id = :id")
			.param("id", UUID.fromString(paymentId))
			.query(String.class)
			.single();
	}

	private int completedOutboxEntries(UUID orderId) {
		return this.jdbc
			.sql("select count(*) from event_publication where event_type like '%OrderConfirmed' "
					+ "and listener_id like '%OrderEventsRelay%' and serialized_event like :order "
					+ "and completion_date is not null")
			.param("order", "%" + orderId + "%")
			.query(Integer.class)
			.single();
	}

}
