package io.ticketbooking.payments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.OrderRows;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refunds carried out end to end (docs/refunds.md): real sales paid on the simulated
 * provider's page, refunds asked for over HTTP, confirmed by the provider's signed
 * {@code charge.refunded} webhook; the order, its tickets, the stock in Postgres and in
 * the gate, and the buyer's inbox read back.
 */
@IntegrationTest
class RefundTests extends ApplicationFixture {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Value("${payments.webhook-secret}")
	String webhookSecret;

	@Autowired
	SimulatedProvider provider;

	private OrdersApi orders;

	private Account organizer;

	@BeforeEach
	void setUp() {
		this.orders = new OrdersApi(http());
		this.organizer = accounts().create("ORGANIZER");
	}

	@Test
	void aBuyerRefundsWithinThePolicyWindowAndTheTicketsAreVoidAndTheUnitsBackOnce() {
		OnSale sale = events().onSale(this.organizer.id(), 5, 4);
		setPolicy(sale, Instant.now().plus(Duration.ofHours(1)), true).assertStatus(200);
		Account buyer = accounts().create();
		String orderId = paid(buyer, sale, 2);
		this.orders.awaitTickets(buyer.token(), orderId, 2);
		String payload = new OrderRows(this.jdbc).qrPayload(orderId);
		assertThat(freeUnits(sale)).isEqualTo(3);
		assertThat(redisGate().stock(sale.ticketTypeId())).isEqualTo(3);

		Http.Response asked = http().post("/api/v1/orders/" + orderId + "/refund", "").bearer(buyer.token()).execute();

		assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
		assertThat(asked.json().path("full").asBoolean()).isTrue();
		assertThat(asked.json().path("amount").asLong()).isEqualTo(2 * sale.price());
		assertThat(asked.json().path("reason").asString()).isEqualTo("BUYER_REQUEST");
		assertThat(status(orderId)).isIn("REFUND_PENDING", "REFUNDED");
		assertProblem(http().post("/api/v1/orders/" + orderId + "/refund", "").bearer(buyer.token()).execute(), 409,
				"ORDER_NOT_REFUNDABLE");

		awaitStatus(orderId, "REFUNDED");
		JsonNode refunds = refunds(orderId, buyer);
		assertThat(refunds).hasSize(1);
		assertThat(refunds.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(refunds.get(0).path("attempts").asInt()).isEqualTo(1);
		// both tickets, each void: an empty list must not pass
		assertThat(http().get("/api/v1/orders/" + orderId + "/tickets").bearer(buyer.token()).execute().json())
			.extracting((ticket) -> ticket.path("status").asString())
			.containsExactly("VOID", "VOID");
		assertProblem(checkIn(payload), 409, "TICKET_VOID");
		await().atMost(WAIT).until(() -> Integer.valueOf(5).equals(redisGate().stock(sale.ticketTypeId())));
		assertThat(freeUnits(sale)).isEqualTo(5);
		awaitMail(buyer, "Refund for ");

		// the provider sends the same event again, and the same refund in a new event
		String refundId = refunds.get(0).path("id").asString();
		byte[] again = chargeRefunded(StripeWebhooks.newEventId(), refundId, orderId, 2 * sale.price());
		assertThat(deliver(again).status()).isEqualTo(200);
		assertThat(deliver(again).status()).isEqualTo(200);
		assertThat(deliver(chargeRefunded(StripeWebhooks.newEventId(), refundId, orderId, 2 * sale.price())).status())
			.isEqualTo(200);

		assertThat(status(orderId)).isEqualTo("REFUNDED");
		assertThat(refunds(orderId, buyer)).hasSize(1);
		assertThat(freeUnits(sale)).as("units back exactly once").isEqualTo(5);
		assertThat(this.jdbc.sql(InventoryInvariants.PENDING_RETURNS.replace("?", ":type"))
			.param("type", sale.ticketTypeId())
			.query(Long.class)
			.single()).isZero();
		assertThat(redisGate().stock(sale.ticketTypeId())).isEqualTo(5);
		// the units are on sale: five more can be bought, not six
		Account next = accounts().create();
		assertThat(this.orders.reserve(next.token(), sale.eventId(), sale.ticketTypeId(), 4).execute().status())
			.isEqualTo(201);
		assertProblem(
				this.orders.reserve(accounts().create().token(), sale.eventId(), sale.ticketTypeId(), 2).execute(), 409,
				"SOLD_OUT");
		await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> inbox(buyer, "Refund for ").size() == 1);
	}

	@Test
	void buyersAreRefusedOutsideThePolicyAndForOrdersNotTheirs() {
		OnSale sale = events().onSale(this.organizer.id(), 10, 4);
		Account buyer = accounts().create();
		String orderId = paid(buyer, sale, 1);

		assertProblem(refundAsBuyer(orderId, buyer), 409, "REFUND_WINDOW_CLOSED");
		setPolicy(sale, Instant.now().minus(Duration.ofMinutes(1)), true).assertStatus(200);
		assertProblem(refundAsBuyer(orderId, buyer), 409, "REFUND_WINDOW_CLOSED");
		setPolicy(sale, Instant.now().plus(Duration.ofHours(1)), true).assertStatus(200);
		assertProblem(refundAsBuyer(orderId, accounts().create()), 404, "NOT_FOUND");
		assertProblem(refundAsBuyer(UUID.randomUUID().toString(), buyer), 404, "NOT_FOUND");
		assertProblem(
				http().get("/api/v1/orders/" + orderId + "/refunds").bearer(accounts().create().token()).execute(), 404,
				"NOT_FOUND");
		String reserved = this.orders.reserved(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1);
		assertProblem(refundAsBuyer(reserved, buyer), 409, "ORDER_NOT_REFUNDABLE");
		assertThat(status(orderId)).isEqualTo("CONFIRMED");
		assertThat(refunds(orderId, buyer)).isEmpty();

		// a buyer's window closes when the event starts at the latest; only its
		// organizer sets it
		Instant startsAt = Instant
			.parse(http().get("/api/v1/events/" + sale.eventId()).execute().json().path("startsAt").asString());
		assertProblem(setPolicy(sale, startsAt.plusSeconds(1), true), 422, "VALIDATION_FAILED");
		assertProblem(http().put("/api/v1/events/" + sale.eventId() + "/refund-policy", Map.of("restock", true))
			.bearer(accounts().create("ORGANIZER").token())
			.execute(), 403, "FORBIDDEN");
		JsonNode policy = http().get("/api/v1/events/" + sale.eventId()).execute().json().path("refundPolicy");
		assertThat(policy.path("restock").asBoolean()).isTrue();
		assertThat(Instant.parse(policy.path("refundableUntil").asString())).isAfter(Instant.now());
	}

	@Test
	void anOrganizerRefundsPartThenTheRestAndThePolicyKeepsTheUnits() {
		OnSale sale = events().onSale(this.organizer.id(), 6, 4);
		setPolicy(sale, null, false).assertStatus(200);
		Account buyer = accounts().create();
		String orderId = paid(buyer, sale, 2);
		long total = 2 * sale.price();

		assertProblem(refundAsOrganizer(orderId, this.organizer, Map.of("amount", total + 1)), 409,
				"REFUND_EXCEEDS_PAYMENT");
		assertProblem(refundAsOrganizer(orderId, this.organizer, Map.of("amount", 0)), 422, "VALIDATION_FAILED");
		assertProblem(refundAsOrganizer(orderId, accounts().create("ORGANIZER"), null), 404, "NOT_FOUND");
		assertProblem(refundAsOrganizer(orderId, buyer, null), 403, "FORBIDDEN");

		Http.Response part = refundAsOrganizer(orderId, this.organizer, Map.of("amount", sale.price()));
		assertThat(part.status()).as(part.toString()).isEqualTo(202);
		assertThat(part.json().path("full").asBoolean()).isFalse();
		await().atMost(WAIT).until(() -> "SUCCEEDED".equals(refunds(orderId, buyer).get(0).path("status").asString()));
		assertThat(status(orderId)).as("a partial refund leaves the order standing").isEqualTo("CONFIRMED");
		assertProblem(refundAsOrganizer(orderId, this.organizer, Map.of("amount", sale.price() + 1)), 409,
				"REFUND_EXCEEDS_PAYMENT");

		Http.Response rest = refundAsOrganizer(orderId, accounts().create("ADMIN"), null);
		assertThat(rest.status()).as(rest.toString()).isEqualTo(202);
		assertThat(rest.json().path("full").asBoolean()).isTrue();
		assertThat(rest.json().path("amount").asLong()).isEqualTo(total - sale.price());
		awaitStatus(orderId, "REFUNDED");
		assertThat(refunds(orderId, this.organizer)).extracting((r) -> r.path("status").asString())
			.containsExactly("SUCCEEDED", "SUCCEEDED");
		assertThat(freeUnits(sale)).as("restock off: the refunded units stay off sale").isEqualTo(4);
		assertThat(redisGate().stock(sale.ticketTypeId())).isEqualTo(4);
		assertProblem(refundAsOrganizer(orderId, this.organizer, null), 409, "ORDER_NOT_REFUNDABLE");
		await().atMost(WAIT).until(() -> inbox(buyer, "Refund for ").size() == 2);
	}

	@Test
	void aCancelledEventsPaidOrdersAreRefundedWithoutAnyoneAsking() {
		OnSale sale = events().onSale(this.organizer.id(), 10, 4);
		Account first = accounts().create();
		Account second = accounts().create();
		String one = paid(first, sale, 2);
		String two = paid(second, sale, 1);

		http().post("/api/v1/events/" + sale.eventId() + "/cancel", "")
			.bearer(this.organizer.token())
			.execute()
			.assertStatus(200);

		awaitStatus(one, "REFUNDED");
		awaitStatus(two, "REFUNDED");
		JsonNode refund = refunds(one, first).get(0);
		assertThat(refund.path("reason").asString()).isEqualTo("EVENT_CANCELLED");
		assertThat(refund.path("amount").asLong()).isEqualTo(2 * sale.price());
		assertThat(refund.path("full").asBoolean()).isTrue();
		assertThat(refunds(two, second)).hasSize(1);
		assertThat(freeUnits(sale)).as("a cancelled event puts nothing back on sale").isEqualTo(7);
		awaitMail(first, "Refund for ");
	}

	@Test
	void aRefundTheProviderRefusesIsTriedAgainAndOneGivenUpOnCanBeAskedAgain() {
		OnSale sale = events().onSale(this.organizer.id(), 10, 4);
		Account buyer = accounts().create();
		String retried = paid(buyer, sale, 1);
		String givenUp = paid(accounts().create(), sale, 1);

		this.provider.refuseNextRefunds(2);
		refundAsOrganizer(retried, this.organizer, null).assertStatus(202);
		awaitStatus(retried, "REFUNDED");
		JsonNode refund = refunds(retried, this.organizer).get(0);
		assertThat(refund.path("attempts").asInt()).as("two refused, the third taken").isEqualTo(3);
		assertThat(refund.path("lastError").isNull()).isTrue();

		this.provider.refuseNextRefunds(4);
		refundAsOrganizer(givenUp, this.organizer, null).assertStatus(202);
		await().atMost(WAIT).until(() -> {
			JsonNode r = refunds(givenUp, this.organizer).get(0);
			return r.path("status").asString().equals("FAILED") && !r.path("retrying").asBoolean();
		});
		JsonNode failed = refunds(givenUp, this.organizer).get(0);
		assertThat(failed.path("attempts").asInt()).isEqualTo(4);
		assertThat(failed.path("lastError").asString()).contains("unavailable");
		assertThat(status(givenUp)).isEqualTo("REFUND_PENDING");

		refundAsOrganizer(givenUp, this.organizer, null).assertStatus(202);
		awaitStatus(givenUp, "REFUNDED");
		assertThat(refunds(givenUp, this.organizer)).hasSize(1);
	}

	@Test
	void aSecondPaymentForAPaidOrderIsRefundedAndTheOrderStands() {
		OnSale sale = events().onSale(this.organizer.id(), 10, 4);
		Account buyer = accounts().create();
		String orderId = this.orders.reserved(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1);
		String first = checkoutPath(buyer, orderId);
		String second = checkoutPath(buyer, orderId);

		pay(first);
		awaitStatus(orderId, "CONFIRMED");
		pay(second);

		await().atMost(WAIT).until(() -> {
			JsonNode refunds = refunds(orderId, buyer);
			return refunds.size() == 1 && refunds.get(0).path("status").asString().equals("SUCCEEDED");
		});
		JsonNode refund = refunds(orderId, buyer).get(0);
		assertThat(refund.path("reason").asString()).isEqualTo("DUPLICATE_PAYMENT");
		assertThat(refund.path("full").asBoolean()).isFalse();
		assertThat(status(orderId)).isEqualTo("CONFIRMED");
	}

	private String paid(Account buyer, OnSale sale, int quantity) {
		String orderId = this.orders.reserved(buyer.token(), sale.eventId(), sale.ticketTypeId(), quantity);
		this.orders.payOnCheckoutPage(buyer.token(), orderId);
		awaitStatus(orderId, "CONFIRMED");
		return orderId;
	}

	private String checkoutPath(Account buyer, String orderId) {
		return java.net.URI
			.create(this.orders.startPayment(buyer.token(), orderId)
				.execute()
				.assertStatus(201)
				.json()
				.path("checkoutUrl")
				.asString())
			.getRawPath();
	}

	private void pay(String checkoutPath) {
		assertThat(http().send("POST", checkoutPath + "/pay", "application/x-www-form-urlencoded", new byte[0])
			.execute()
			.text()).contains("Payment received");
	}

	private Http.Response setPolicy(OnSale sale, Instant refundableUntil, boolean restock) {
		Map<String, Object> body = new HashMap<>();
		body.put("refundableUntil", (refundableUntil != null) ? refundableUntil.toString() : null);
		body.put("restock", restock);
		return http().put("/api/v1/events/" + sale.eventId() + "/refund-policy", body)
			.bearer(this.organizer.token())
			.execute();
	}

	private Http.Response refundAsBuyer(String orderId, Account buyer) {
		return http().post("/api/v1/orders/" + orderId + "/refund", "").bearer(buyer.token()).execute();
	}

	private Http.Response refundAsOrganizer(String orderId, Account caller, Map<String, Object> body) {
		return http().post("/api/v1/organizer/orders/" + orderId + "/refunds", (body != null) ? body : "")
			.bearer(caller.token())
			.execute();
	}

	private JsonNode refunds(String orderId, Account caller) {
		return http().get("/api/v1/orders/" + orderId + "/refunds")
			.bearer(caller.token())
			.execute()
			.assertStatus(200)
			.json();
	}

	private Http.Response checkIn(String payload) {
		return http().post("/api/v1/checkin", Map.of("payload", payload)).bearer(this.organizer.token()).execute();
	}

	private String status(String orderId) {
		return new OrderRows(this.jdbc).status(orderId);
	}

	private void awaitStatus(String orderId, String status) {
		await("order " + orderId + " " + status).atMost(WAIT).until(() -> status(orderId).equals(status));
	}

	private long freeUnits(OnSale sale) {
		return this.jdbc.sql(InventoryInvariants.FREE_UNITS.replace("?", ":type"))
			.param("type", sale.ticketTypeId())
			.query(Long.class)
			.single();
	}

	/**
	 * A signed {@code charge.refunded} event for one of our refunds, as the provider
	 * sends it.
	 */
	private byte[] chargeRefunded(String eventId, String refundId, String orderId, long amount) {
		Map<String, Object> refund = Map.of("id", "re_sim_" + refundId.replace("-", ""), "object", "refund", "amount",
				amount, "currency", "idr", "status", "succeeded", "metadata", Map.of("refundId", refundId));
		return Json
			.write(Map.of("id", eventId, "object", "event", "type", "charge.refunded", "data",
					Map.of("object",
							Map.of("id", "ch_test", "object", "charge", "amount_refunded", amount, "currency", "idr",
									"metadata", Map.of("orderId", orderId), "refunds",
									Map.of("object", "list", "data", List.of(refund))))))
			.getBytes(StandardCharsets.UTF_8);
	}

	private Http.Response deliver(byte[] body) {
		return new StripeWebhooks(this.webhookSecret).signedDelivery(http(), body).execute();
	}

	private void awaitMail(Account buyer, String subjectPrefix) {
		await("mail to " + buyer.email()).atMost(WAIT).until(() -> !inbox(buyer, subjectPrefix).isEmpty());
	}

	private static List<MimeMessage> inbox(Account buyer, String subjectPrefix) {
		GreenMail mail = EmbeddedInfrastructure.shared().mail();
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : mail.getReceivedMessages()) {
			try {
				Address[] to = message.getAllRecipients();
				if (to != null && Arrays.stream(to).anyMatch((a) -> a.toString().contains(buyer.email()))
						&& message.getSubject().startsWith(subjectPrefix)) {
					found.add(message);
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return found;
	}

}
