package io.ticketbooking.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.SqlStatementCounter;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reserve path one request at a time: every outcome, ownership, cancel and the API
 * shape.
 */
@IntegrationTest
class ReservationTests extends OrdersFixture {

	@Autowired
	SqlStatementCounter sqlStatements;

	@Test
	void reservesAndReturnsTheHold() {
		Account organizer = accounts().create("ORGANIZER");
		Account buyer = accounts().create();
		OnSale sale = events().onSale(organizer.id(), 10, 4);
		Instant before = Instant.now();

		Http.Response response = reserve(buyer, sale, 2);

		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		JsonNode order = response.json();
		assertThat(order.path("status").asString()).isEqualTo("RESERVED");
		assertThat(order.path("eventId").asString()).isEqualTo(sale.eventId().toString());
		assertThat(order.path("ticketTypeId").asString()).isEqualTo(sale.ticketTypeId().toString());
		assertThat(order.path("quantity").asInt()).isEqualTo(2);
		assertThat(order.path("total").asLong()).isEqualTo(2 * sale.price());
		assertThat(order.path("currency").asString()).isEqualTo("IDR");
		Instant expiresAt = Instant.parse(order.path("expiresAt").asString());
		assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(9)), before.plus(Duration.ofMinutes(11)));
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(2);
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(8);

		Http.Response read = http().get("/api/v1/orders/" + order.path("id").asString())
			.bearer(buyer.token())
			.execute();
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("id").asString()).isEqualTo(order.path("id").asString());
	}

	@Test
	void rejectsReservationWhenSoldOutWithoutTouchingPostgres() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(organizer.id(), 1, 1);
		assertThat(reserve(accounts().create(), sale, 1).status()).isEqualTo(201);

		Account loser = accounts().create();
		for (int i = 0; i < 5; i++) {
			String requestId = "sold-out-" + UUID.randomUUID();
			Http.Response response = http()
				.post("/api/v1/orders",
						Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity", 1))
				.bearer(loser.token())
				.header("X-Request-Id", requestId)
				.execute();
			assertProblem(response, 409, "SOLD_OUT");
			assertThat(this.sqlStatements.statementsFor(requestId)).as("SQL statements for a sold-out answer").isZero();
		}
	}

	@Test
	void counterSeesStatementsOfAWinner() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(organizer.id(), 5, 5);
		String requestId = "winner-" + UUID.randomUUID();
		Http.Response response = http()
			.post("/api/v1/orders",
					Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity", 1))
			.bearer(accounts().create().token())
			.header("X-Request-Id", requestId)
			.execute();
		assertThat(response.status()).isEqualTo(201);
		assertThat(this.sqlStatements.statementsFor(requestId)).as("the counter works").isPositive();
	}

	@Test
	void enforcesThePerUserLimitAcrossOrders() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 100, 3);
		Account buyer = accounts().create();
		assertThat(reserve(buyer, sale, 2).status()).isEqualTo(201);
		assertProblem(reserve(buyer, sale, 2), 409, "LIMIT_EXCEEDED");
		assertThat(reserve(buyer, sale, 1).status()).isEqualTo(201);
		assertProblem(reserve(buyer, sale, 1), 409, "LIMIT_EXCEEDED");
	}

	@Test
	void refusesOutsideTheSaleWindow() {
		Account organizer = accounts().create("ORGANIZER");
		Instant now = Instant.now();
		OnSale future = events().create(organizer.id(), 10, 2, now.plus(Duration.ofHours(1)),
				now.plus(Duration.ofDays(1)));
		OnSale past = events().create(organizer.id(), 10, 2, now.minus(Duration.ofDays(2)),
				now.minus(Duration.ofDays(1)));
		Account buyer = accounts().create();
		assertProblem(reserve(buyer, future, 1), 409, "SALE_NOT_OPEN");
		assertProblem(reserve(buyer, past, 1), 409, "SALE_CLOSED");
	}

	@Test
	void unknownTicketTypeOrWrongEventIsNotFound() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 2);
		Account buyer = accounts().create();
		assertProblem(reserve(buyer, new OnSale(sale.eventId(), UUID.randomUUID(), 1, 1), 1), 404, "NOT_FOUND");
		assertProblem(reserve(buyer, new OnSale(UUID.randomUUID(), sale.ticketTypeId(), 1, 1), 1), 404, "NOT_FOUND");
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(10);
	}

	@Test
	void validatesTheRequest() {
		Account buyer = accounts().create();
		Http.Response response = http().post("/api/v1/orders", Map.of("quantity", 0)).bearer(buyer.token()).execute();
		assertProblem(response, 422, "VALIDATION_FAILED");
		assertThat(response.json().path("errors").toString()).contains("eventId", "ticketTypeId", "quantity");

		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 2);
		assertProblem(reserve(buyer, sale, -3), 422, "VALIDATION_FAILED");
		assertProblem(reserve(buyer, sale, 1, "has spaces in it"), 422, "VALIDATION_FAILED");
		Http.Response wrongType = http()
			.send("POST", "/api/v1/orders", "application/json",
					"{\"eventId\":\"x\",\"ticketTypeId\":1,\"quantity\":\"lots\"}".getBytes())
			.bearer(buyer.token())
			.execute();
		assertProblem(wrongType, 400, "MALFORMED_BODY");
		assertProblem(http().post("/api/v1/orders", Map.of()).execute(), 401, "UNAUTHORIZED");
	}

	@Test
	void onlyTheOwnerSeesAnOrder() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 2);
		Account owner = accounts().create();
		String orderId = reserve(owner, sale, 1).json().path("id").asString();

		assertProblem(http().get("/api/v1/orders/" + orderId).bearer(accounts().create().token()).execute(), 404,
				"NOT_FOUND");
		assertProblem(http().post("/api/v1/orders/" + orderId + "/cancel", Map.of())
			.bearer(accounts().create().token())
			.execute(), 404, "NOT_FOUND");
		assertThat(
				http().get("/api/v1/orders/" + orderId).bearer(accounts().create("ADMIN").token()).execute().status())
			.isEqualTo(200);
		assertProblem(http().get("/api/v1/orders/not-a-uuid").bearer(owner.token()).execute(), 400,
				"INVALID_PARAMETER");
	}

	@Test
	void listsMyOrdersNewestFirst() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 5);
		Account buyer = accounts().create();
		String first = reserve(buyer, sale, 1).json().path("id").asString();
		String second = reserve(buyer, sale, 1).json().path("id").asString();
		reserve(accounts().create(), sale, 1);

		JsonNode page = http().get("/api/v1/orders?page=0&size=10").bearer(buyer.token()).execute().json();
		assertThat(page.path("totalItems").asInt()).isEqualTo(2);
		assertThat(page.path("items").path(0).path("id").asString()).isEqualTo(second);
		assertThat(page.path("items").path(1).path("id").asString()).isEqualTo(first);
		assertProblem(http().get("/api/v1/orders?size=1000").bearer(buyer.token()).execute(), 422, "VALIDATION_FAILED");
	}

	@Test
	void cancellingReturnsTheStockOnce() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 5, 5);
		Account buyer = accounts().create();
		String orderId = reserve(buyer, sale, 3).json().path("id").asString();
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(2);

		Http.Response cancelled = http().post("/api/v1/orders/" + orderId + "/cancel", Map.of())
			.bearer(buyer.token())
			.execute();
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
		assertProblem(http().post("/api/v1/orders/" + orderId + "/cancel", Map.of()).bearer(buyer.token()).execute(),
				409, "ORDER_NOT_CANCELLABLE");
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(5);
		assertThat(takenUnits(sale.ticketTypeId())).isZero();
		assertThat(reserve(buyer, sale, 5).status()).as("limit usage came back too").isEqualTo(201);
	}

	@Test
	void rateLimitsAUserWithRetryAfter() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		Account buyer = accounts().create();
		Http.Response last = null;
		int answered = 0;
		for (int i = 0; i < 40; i++) {
			last = reserve(buyer, sale, 1);
			if (last.status() == 429) {
				break;
			}
			answered++;
		}
		assertProblem(last, 429, "RATE_LIMITED");
		assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
		// 20 attempts per 10 s (the default), refilled at 2 per second while the loop ran
		assertThat(answered).isBetween(20, 22);
		// the bucket is the user's own: another buyer is not limited
		assertThat(reserve(accounts().create(), sale, 1).status()).isNotEqualTo(429);
	}

	@Test
	void attemptsOnTicketTypesRedisDoesNotKnowAreLimitedBeforePostgresIsAsked() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 5, 1);
		Account buyer = accounts().create();
		Http.Response last = null;
		int answered = 0;
		for (int i = 0; i < 40; i++) {
			last = http()
				.post("/api/v1/orders",
						Map.of("eventId", sale.eventId(), "ticketTypeId", UUID.randomUUID(), "quantity", 1))
				.bearer(buyer.token())
				.execute();
			if (last.status() == 429) {
				break;
			}
			assertProblem(last, 404, "NOT_FOUND");
			answered++;
		}
		assertProblem(last, 429, "RATE_LIMITED");
		assertThat(answered).isBetween(20, 22);
	}

}
