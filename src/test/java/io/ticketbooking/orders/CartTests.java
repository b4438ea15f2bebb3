package io.ticketbooking.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.ticketbooking.inventory.Admission;
import io.ticketbooking.inventory.Attempt;
import io.ticketbooking.inventory.AttemptLimit;
import io.ticketbooking.inventory.ClaimResult;
import io.ticketbooking.inventory.GateDecision;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.SqlStatementCounter;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several ticket types in one reservation: one gate script decides every line, one
 * transaction claims every unit, and the order is paid, issued, cancelled, expired or
 * re-taken as a whole.
 */
@IntegrationTest
class CartTests extends PaymentsFixture {

	@Autowired
	HoldSweeper sweeper;

	@Autowired
	Inventory inventory;

	@Autowired
	SqlStatementCounter sqlStatements;

	/** An event on sale with the given ticket types; answers their ids in order. */
	record Cartable(UUID eventId, List<UUID> types, List<Long> prices, Account organizer) {

		UUID type(int i) {
			return this.types.get(i);
		}

	}

	/** Capacity and per-user limit of each type, and the event's per-order limit. */
	Cartable onSale(Integer maxPerOrder, int[]... capacityAndLimit) {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, Object> request = EventRequests.valid("Cart sale " + UUID.randomUUID());
		List<Object> types = new ArrayList<>();
		for (int i = 0; i < capacityAndLimit.length; i++) {
			types.add(EventRequests.ticketType("Type " + i, 100_000L * (i + 1), capacityAndLimit[i][0],
					capacityAndLimit[i][1]));
		}
		request.put("ticketTypes", types);
		if (maxPerOrder != null) {
			request.put("maxTicketsPerOrder", maxPerOrder);
		}
		JsonNode event = new EventsApi(http()).create(organizer.token(), request).assertStatus(201).json();
		List<UUID> ids = new ArrayList<>();
		List<Long> prices = new ArrayList<>();
		for (JsonNode type : event.path("ticketTypes")) {
			ids.add(UUID.fromString(type.path("id").asString()));
			prices.add(type.path("price").asLong());
		}
		return new Cartable(UUID.fromString(event.path("id").asString()), ids, prices, organizer);
	}

	static Map<String, Object> line(UUID ticketTypeId, int quantity) {
		return Map.of("ticketTypeId", ticketTypeId, "quantity", quantity);
	}

	Http.Call cart(Account buyer, UUID eventId, List<Map<String, Object>> lines) {
		return http().post("/api/v1/orders", Map.of("eventId", eventId, "lines", lines)).bearer(buyer.token());
	}

	@Test
	void aThousandConcurrentCartsAreCompleteOrRefusedNeverPartial() throws Exception {
		Cartable sale = onSale(null, new int[] { 150, 4 }, new int[] { 100, 3 }, new int[] { 60, 2 });
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			buyers.add(accounts().create());
		}
		Random random = new Random(20);
		List<List<Map<String, Object>>> carts = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			List<Integer> picked = new ArrayList<>(List.of(0, 1, 2));
			java.util.Collections.shuffle(picked, random);
			List<Map<String, Object>> lines = new ArrayList<>();
			for (int t : picked.subList(0, 2 + random.nextInt(2))) {
				lines.add(line(sale.type(t), 1 + random.nextInt(2)));
			}
			carts.add(lines);
		}

		List<Http.Response> responses = ReservationConcurrencyTests.concurrently(1000,
				(i) -> cart(buyers.get(i % buyers.size()), sale.eventId(), carts.get(i)).execute());

		int won = 0;
		for (int i = 0; i < responses.size(); i++) {
			Http.Response response = responses.get(i);
			if (response.status() == 201) {
				won++;
				// the order holds exactly the lines asked for, in that order
				JsonNode lines = response.json().path("lines");
				assertThat(lines.size()).isEqualTo(carts.get(i).size());
				for (int l = 0; l < lines.size(); l++) {
					assertThat(lines.path(l).path("ticketTypeId").asString())
						.isEqualTo(carts.get(i).get(l).get("ticketTypeId").toString());
					assertThat(lines.path(l).path("quantity").asInt()).isEqualTo(carts.get(i).get(l).get("quantity"));
				}
			}
			else {
				assertThat(response.status()).as(response.toString()).isIn(409, 429);
				assertThat(response.json().path("code").asString()).isIn("SOLD_OUT", "LIMIT_EXCEEDED", "RATE_LIMITED");
			}
		}
		assertThat(won).isPositive();
		int[] capacities = { 150, 100, 60 };
		int[] limits = { 4, 3, 2 };
		for (int t = 0; t < 3; t++) {
			UUID type = sale.type(t);
			// every claimed unit belongs to a line of a live order, and every line holds
			// exactly its units: nothing partial, nothing oversold
			assertThat(ordersWithWrongUnits(type)).isEmpty();
			assertThat(takenUnits(type)).isEqualTo(reservedQuantity(type)).isLessThanOrEqualTo(capacities[t]);
			assertThat(redisStock(type)).isEqualTo(capacities[t] - takenUnits(type));
			assertThat(maxUnitsOfOneBuyer(type)).isLessThanOrEqualTo(limits[t]);
		}
		// the scarce type sold out: carts competed for it
		assertThat(takenUnits(sale.type(2))).isEqualTo(60);
		assertThat(this.jdbc.sql("select count(*) from orders where event_id = :e")
			.param("e", sale.eventId())
			.query(Integer.class)
			.single()).isEqualTo(won);
	}

	@Test
	void aCartIsPricedPaidAndIssuedPerLine() {
		Cartable sale = onSale(null, new int[] { 10, 4 }, new int[] { 10, 4 });
		Account buyer = accounts().create();

		JsonNode order = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 1), line(sale.type(1), 2))).execute()
			.assertStatus(201)
			.json();

		assertThat(order.path("status").asString()).isEqualTo("RESERVED");
		assertThat(order.path("quantity").asInt()).isEqualTo(3);
		assertThat(order.path("ticketTypeId").asString()).isEqualTo(sale.type(0).toString());
		assertThat(order.path("total").asLong()).isEqualTo(sale.prices().get(0) + 2 * sale.prices().get(1));
		assertThat(order.path("lines").path(1).path("unitPrice").asLong()).isEqualTo(sale.prices().get(1));
		UUID orderId = UUID.fromString(order.path("id").asString());
		assertThat(http().get("/api/v1/orders/" + orderId).bearer(buyer.token()).execute().json().path("lines"))
			.isEqualTo(order.path("lines"));
		assertThat(redisStock(sale.type(0))).isEqualTo(9);
		assertThat(redisStock(sale.type(1))).isEqualTo(8);

		Reserved reserved = new Reserved(buyer, orderId, order.path("total").asLong());
		assertThat(deliverSigned(event(SUCCEEDED, paymentIntent(reserved), reserved)).status()).isEqualTo(200);
		assertThat(status(orderId)).isEqualTo("CONFIRMED");

		JsonNode tickets = new OrdersApi(http()).awaitTickets(buyer.token(), orderId, 3);
		Map<String, Integer> perType = new HashMap<>();
		tickets.forEach((t) -> perType.merge(t.path("ticketTypeId").asString(), 1, Integer::sum));
		assertThat(tickets.path(0).path("ticketTypeName").asString()).isEqualTo("Type 0");
		assertThat(perType)
			.containsExactlyInAnyOrderEntriesOf(Map.of(sale.type(0).toString(), 1, sale.type(1).toString(), 2));
	}

	@Test
	void aCartWithOneLineSoldOutTakesNothingAndAsksNoDatabase() {
		Cartable sale = onSale(null, new int[] { 10, 4 }, new int[] { 1, 1 });
		new OrdersApi(http()).reserved(accounts().create().token(), sale.eventId(), sale.type(1), 1);
		Account buyer = accounts().create();

		String requestId = "cart-sold-out-" + UUID.randomUUID();
		Http.Response refused = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 2), line(sale.type(1), 1)))
			.header("X-Request-Id", requestId)
			.execute();

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("code").asString()).isEqualTo("SOLD_OUT");
		assertThat(this.sqlStatements.statementsFor(requestId)).as("SQL statements for a sold-out answer").isZero();
		assertThat(redisStock(sale.type(0))).isEqualTo(10);
		assertThat(takenUnits(sale.type(0))).isZero();
	}

	@Test
	void perUserLimitsHoldPerTypeAcrossCartsAndSingleOrders() {
		Cartable sale = onSale(null, new int[] { 50, 3 }, new int[] { 50, 2 });
		Account buyer = accounts().create();
		new OrdersApi(http()).reserved(buyer.token(), sale.eventId(), sale.type(1), 2);

		Http.Response refused = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 1), line(sale.type(1), 1)))
			.execute();
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
		assertThat(redisStock(sale.type(0))).isEqualTo(50);

		cart(buyer, sale.eventId(), List.of(line(sale.type(0), 3))).execute().assertStatus(201);
		assertThat(takenUnits(sale.type(0))).isEqualTo(3);
		assertThat(takenUnits(sale.type(1))).isEqualTo(2);
	}

	@Test
	void anEventMayLimitTheUnitsOfOneOrder() {
		Cartable sale = onSale(3, new int[] { 50, 10 }, new int[] { 50, 10 });
		Account buyer = accounts().create();

		Http.Response tooMany = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 2), line(sale.type(1), 2)))
			.execute();
		assertThat(tooMany.status()).isEqualTo(409);
		assertThat(tooMany.json().path("code").asString()).isEqualTo("ORDER_LIMIT_EXCEEDED");
		Http.Response single = new OrdersApi(http()).reserve(buyer.token(), sale.eventId(), sale.type(0), 4).execute();
		assertThat(single.json().path("code").asString()).isEqualTo("ORDER_LIMIT_EXCEEDED");
		assertThat(redisStock(sale.type(0))).isEqualTo(50);
		cart(buyer, sale.eventId(), List.of(line(sale.type(0), 2), line(sale.type(1), 1))).execute().assertStatus(201);

		// the organizer lifts the limit (0: none); the gate follows at once
		http().patch("/api/v1/events/" + sale.eventId(), Map.of("maxTicketsPerOrder", 0))
			.bearer(sale.organizer().token())
			.execute()
			.assertStatus(200);
		cart(buyer, sale.eventId(), List.of(line(sale.type(0), 2), line(sale.type(1), 2))).execute().assertStatus(201);
		assertThat(http().get("/api/v1/events/" + sale.eventId()).execute().json().path("maxTicketsPerOrder").isNull())
			.isTrue();
	}

	@Test
	void cancellingACartGivesEveryLineBackOnce() {
		Cartable sale = onSale(null, new int[] { 5, 4 }, new int[] { 5, 4 });
		Account buyer = accounts().create();
		String id = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 2), line(sale.type(1), 3))).execute()
			.assertStatus(201)
			.json()
			.path("id")
			.asString();

		new OrdersApi(http()).cancel(buyer.token(), id).execute().assertStatus(200);
		new OrdersApi(http()).cancel(buyer.token(), id).execute().assertStatus(409);

		eventually(() -> {
			assertThat(redisStock(sale.type(0))).isEqualTo(5);
			assertThat(redisStock(sale.type(1))).isEqualTo(5);
		});
		assertThat(takenUnits(sale.type(0)) + takenUnits(sale.type(1))).isZero();
		// and the freed units sell again, to the last one
		cart(accounts().create(), sale.eventId(), List.of(line(sale.type(0), 4), line(sale.type(1), 4))).execute()
			.assertStatus(201);
		cart(accounts().create(), sale.eventId(), List.of(line(sale.type(0), 1), line(sale.type(1), 1))).execute()
			.assertStatus(201);
		assertThat(redisStock(sale.type(0))).isZero();
		assertThat(redisStock(sale.type(1))).isZero();
	}

	@Test
	void anExpiredCartComesBackWholeAndALatePaymentRetakesItOrAsksForARefund() {
		Cartable sale = onSale(null, new int[] { 4, 4 }, new int[] { 2, 2 });
		Account buyer = accounts().create();
		JsonNode order = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 2), line(sale.type(1), 1))).execute()
			.assertStatus(201)
			.json();
		Reserved late = new Reserved(buyer, UUID.fromString(order.path("id").asString()), order.path("total").asLong());
		String intent = paymentIntent(late);
		expire(late.orderId());
		eventually(() -> {
			assertThat(redisStock(sale.type(0))).isEqualTo(4);
			assertThat(redisStock(sale.type(1))).isEqualTo(2);
		});

		// stock left: the late payment re-takes every line
		assertThat(deliverSigned(event(SUCCEEDED, intent, late)).status()).isEqualTo(200);
		assertThat(status(late.orderId())).isEqualTo("CONFIRMED");
		assertThat(ordersWithWrongUnits(sale.type(0))).isEmpty();
		assertThat(ordersWithWrongUnits(sale.type(1))).isEmpty();
		assertThat(redisStock(sale.type(0))).isEqualTo(2);
		assertThat(redisStock(sale.type(1))).isEqualTo(1);

		// one line sold out meanwhile: nothing is re-taken, the order needs a refund
		Account second = accounts().create();
		JsonNode other = cart(second, sale.eventId(), List.of(line(sale.type(0), 1), line(sale.type(1), 1))).execute()
			.assertStatus(201)
			.json();
		Reserved refused = new Reserved(second, UUID.fromString(other.path("id").asString()),
				other.path("total").asLong());
		String secondIntent = paymentIntent(refused);
		expire(refused.orderId());
		new OrdersApi(http()).reserved(accounts().create().token(), sale.eventId(), sale.type(1), 1);

		assertThat(deliverSigned(event(SUCCEEDED, secondIntent, refused)).status()).isEqualTo(200);
		assertThat(status(refused.orderId())).isIn("REFUND_REQUIRED", "REFUND_PENDING", "REFUNDED");
		assertThat(redisStock(sale.type(0))).isEqualTo(2);
		assertThat(redisStock(sale.type(1))).isZero();
		assertThat(ordersWithWrongUnits(sale.type(0))).isEmpty();
	}

	@Test
	void aCartWhoseLaterLineMeetsARebuiltGateClaimsNothingAndGivesEveryLineBack() {
		Cartable sale = onSale(null, new int[] { 10, 4 }, new int[] { 10, 4 });
		Account buyer = accounts().create();
		GateDecision decision = this.inventory.admit(new Attempt(sale.eventId(), buyer.id(),
				List.of(new Attempt.Line(sale.type(0), 2), new Attempt.Line(sale.type(1), 3)), null, Instant.now(),
				AttemptLimit.NONE, true), () -> {
				});
		Admission admission = decision.admission();
		assertThat(redisStock(sale.type(0))).isEqualTo(8);
		// the second type's gate is rebuilt while the cart is in flight
		this.inventory.reconcile(sale.type(1));

		ClaimResult result = this.transactions.execute((tx) -> this.inventory.claim(admission, admission.id()));

		assertThat(result).isEqualTo(ClaimResult.GATE_REBUILT);
		// the first line's units were claimed, then undone: nothing is left, even
		// committed
		assertThat(takenUnits(sale.type(0)) + takenUnits(sale.type(1))).isZero();
		assertThat(this.jdbc.sql("select count(*) from gate_admissions where admission_id = :id")
			.param("id", admission.id())
			.query(Integer.class)
			.single()).isZero();
		this.inventory.abort(admission);
		assertThat(redisStock(sale.type(0))).isEqualTo(10);
		assertThat(redisStock(sale.type(1))).as("rebuilt from PostgreSQL: the units were free there").isEqualTo(10);
	}

	@Test
	void aRepeatedIdempotencyKeyAnswersTheSameCart() {
		Cartable sale = onSale(null, new int[] { 10, 4 }, new int[] { 10, 4 });
		Account buyer = accounts().create();
		List<Map<String, Object>> lines = List.of(line(sale.type(0), 1), line(sale.type(1), 1));

		String first = cart(buyer, sale.eventId(), lines).header("Idempotency-Key", "cart-1")
			.execute()
			.assertStatus(201)
			.json()
			.path("id")
			.asString();
		String again = cart(buyer, sale.eventId(), lines).header("Idempotency-Key", "cart-1")
			.execute()
			.assertStatus(201)
			.json()
			.path("id")
			.asString();

		assertThat(again).isEqualTo(first);
		assertThat(takenUnits(sale.type(0)) + takenUnits(sale.type(1))).isEqualTo(2);
	}

	@Test
	void badCartsAreClearProblemsAndTakeNothing() {
		Cartable sale = onSale(null, new int[] { 10, 4 }, new int[] { 10, 4 });
		Cartable other = onSale(null, new int[] { 10, 4 });
		Account buyer = accounts().create();

		Http.Response twice = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 1), line(sale.type(0), 2)))
			.execute();
		assertProblem(twice, 422, "VALIDATION_FAILED");
		assertThat(twice.json().path("errors").toString()).contains("lines[1].ticketTypeId");

		Map<String, Object> both = new HashMap<>(Map.of("eventId", sale.eventId(), "ticketTypeId", sale.type(0),
				"quantity", 1, "lines", List.of(line(sale.type(1), 1))));
		assertProblem(http().post("/api/v1/orders", both).bearer(buyer.token()).execute(), 422, "VALIDATION_FAILED");
		assertProblem(cart(buyer, sale.eventId(), List.of()).execute(), 422, "VALIDATION_FAILED");
		Http.Response zero = cart(buyer, sale.eventId(), List.of(line(sale.type(0), 0))).execute();
		assertProblem(zero, 422, "VALIDATION_FAILED");
		assertThat(zero.json().path("errors").toString()).contains("lines[0].quantity");
		List<Map<String, Object>> many = new ArrayList<>();
		for (int i = 0; i < ReserveController.MAX_LINES + 1; i++) {
			many.add(line(UUID.randomUUID(), 1));
		}
		assertProblem(cart(buyer, sale.eventId(), many).execute(), 422, "VALIDATION_FAILED");

		// a type of another event, or none at all: not found, and nothing taken
		assertProblem(cart(buyer, sale.eventId(), List.of(line(sale.type(0), 1), line(other.type(0), 1))).execute(),
				404, "NOT_FOUND");
		assertProblem(cart(buyer, sale.eventId(), List.of(line(sale.type(0), 1), line(UUID.randomUUID(), 1))).execute(),
				404, "NOT_FOUND");
		assertThat(redisStock(sale.type(0))).isEqualTo(10);
		assertThat(redisStock(other.type(0))).isEqualTo(10);
		assertThat(takenUnits(sale.type(0))).isZero();
	}

	private void assertProblem(Http.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

	private int maxUnitsOfOneBuyer(UUID ticketTypeId) {
		return this.jdbc.sql("""
				select coalesce(max(units), 0) from (
				    select count(*) as units from inventory_units
				    where ticket_type_id = :type and order_id is not null group by holder_id) per_buyer
				""").param("type", ticketTypeId).query(Integer.class).single();
	}

	private void expire(UUID orderId) {
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id")
			.param("id", orderId)
			.update();
		eventually(() -> {
			this.sweeper.sweepOnce();
			assertThat(status(orderId)).isEqualTo("EXPIRED");
		});
	}

}
