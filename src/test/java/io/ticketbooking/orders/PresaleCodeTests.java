package io.ticketbooking.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presale access codes: the organizer makes them, the gate checks them and counts their
 * uses exactly (one reservation per use, under any concurrency), and PostgreSQL's use
 * slots keep a code from being used more often than it allows whatever Redis says.
 */
@IntegrationTest
class PresaleCodeTests extends OrdersFixture {

	/** An event whose public sale opens tomorrow, with two ticket types. */
	record Presale(UUID eventId, UUID vip, UUID festival, Account organizer) {
	}

	Presale presale() {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, Object> request = EventRequests.valid("Presale " + UUID.randomUUID());
		request.put("salesStartAt", Instant.now().plus(Duration.ofDays(1)).toString());
		request.put("ticketTypes", new ArrayList<>(List.of(EventRequests.ticketType("VIP", 1_500_000, 500, 4),
				EventRequests.ticketType("Festival", 750_000, 500, 4))));
		JsonNode event = new EventsApi(http()).create(organizer.token(), request).assertStatus(201).json();
		return new Presale(UUID.fromString(event.path("id").asString()),
				UUID.fromString(event.path("ticketTypes").path(0).path("id").asString()),
				UUID.fromString(event.path("ticketTypes").path(1).path("id").asString()), organizer);
	}

	/** A batch request whose window is open now, for the given types. */
	static Map<String, Object> batch(String kind, List<UUID> types) {
		Map<String, Object> batch = new HashMap<>();
		batch.put("kind", kind);
		batch.put("label", "Fan club");
		batch.put("ticketTypeIds", types);
		batch.put("startsAt", Instant.now().minus(Duration.ofMinutes(1)).toString());
		batch.put("endsAt", Instant.now().plus(Duration.ofHours(2)).toString());
		return batch;
	}

	Http.Response createCodes(Presale sale, Map<String, Object> batch) {
		return http().post("/api/v1/events/" + sale.eventId() + "/presale-codes", batch)
			.bearer(sale.organizer().token())
			.execute();
	}

	/** A batch of single-use codes for the VIP type, open now; answers the codes. */
	JsonNode singleUseCodes(Presale sale, int count) {
		Map<String, Object> single = batch("SINGLE_USE", List.of(sale.vip()));
		single.put("count", count);
		return createCodes(sale, single).assertStatus(201).json().path("codes");
	}

	Http.Response reserveWithCode(Account buyer, Presale sale, UUID type, int quantity, String code) {
		return http()
			.post("/api/v1/orders",
					Map.of("eventId", sale.eventId(), "ticketTypeId", type, "quantity", quantity, "accessCode", code))
			.bearer(buyer.token())
			.execute();
	}

	private int claimedSlots(Presale sale) {
		return this.jdbc.sql("select count(*) from presale_code_slots where event_id = :e and order_id is not null")
			.param("e", sale.eventId())
			.query(Integer.class)
			.single();
	}

	private static void assertProblem(Http.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

	@Test
	void aSingleUseCodeTriedFiftyTimesAtOnceMakesExactlyOneReservation() throws Exception {
		Presale sale = presale();
		String code = singleUseCodes(sale, 1).path(0).asString();
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			buyers.add(accounts().create());
		}

		List<Http.Response> answers = ReservationConcurrencyTests.concurrently(50,
				(i) -> reserveWithCode(buyers.get(i), sale, sale.vip(), 1, code));

		assertThat(answers.stream().filter((r) -> r.status() == 201)).hasSize(1);
		assertThat(answers.stream().filter((r) -> r.status() != 201))
			.allSatisfy((r) -> assertProblem(r, 409, "ACCESS_CODE_USED_UP"));
		assertThat(claimedSlots(sale)).isEqualTo(1);
		assertThat(takenUnits(sale.vip())).isEqualTo(1);
		assertThat(redisStock(sale.vip())).isEqualTo(499);
	}

	@Test
	void aSharedCodeWithAHundredUsesMakesExactlyAHundredReservations() throws Exception {
		Presale sale = presale();
		Map<String, Object> shared = batch("SHARED", List.of(sale.vip(), sale.festival()));
		shared.put("code", "fanclub-2026");
		shared.put("maxUses", 100);
		JsonNode made = createCodes(sale, shared).assertStatus(201).json();
		assertThat(made.path("codes").path(0).asString()).isEqualTo("fanclub-2026");
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			buyers.add(accounts().create());
		}

		// typed as a fan would: another case, the same code
		List<Http.Response> answers = ReservationConcurrencyTests.concurrently(150,
				(i) -> reserveWithCode(buyers.get(i), sale, (i % 2 == 0) ? sale.vip() : sale.festival(), 1,
						"FANCLUB-2026"));

		assertThat(answers.stream().filter((r) -> r.status() == 201)).hasSize(100);
		assertThat(answers.stream().filter((r) -> r.status() != 201))
			.allSatisfy((r) -> assertProblem(r, 409, "ACCESS_CODE_USED_UP"));
		assertThat(claimedSlots(sale)).isEqualTo(100);
		assertThat(takenUnits(sale.vip()) + takenUnits(sale.festival())).isEqualTo(100);
	}

	@Test
	void codesOpenOnlyTheirTypesWithinTheirWindowAndUpToTheirQuantity() {
		Presale sale = presale();
		Account buyer = accounts().create();
		Map<String, Object> vipOnly = batch("SHARED", List.of(sale.vip()));
		vipOnly.put("code", "VIP-ONLY-1");
		vipOnly.put("maxTicketsPerUse", 2);
		createCodes(sale, vipOnly).assertStatus(201);
		Map<String, Object> later = batch("SHARED", List.of(sale.vip()));
		later.put("code", "LATER-PRESALE");
		later.put("startsAt", Instant.now().plus(Duration.ofHours(1)).toString());
		createCodes(sale, later).assertStatus(201);
		Map<String, Object> over = batch("SHARED", List.of(sale.vip()));
		over.put("code", "OVER-ALREADY");
		over.put("startsAt", Instant.now().minus(Duration.ofHours(2)).toString());
		over.put("endsAt", Instant.now().minus(Duration.ofHours(1)).toString());
		createCodes(sale, over).assertStatus(201);

		// the public sale has not opened: without a code, nothing
		assertProblem(
				reserve(buyer, new io.ticketbooking.support.TestEvents.OnSale(sale.eventId(), sale.vip(), 0, 0), 1),
				409, "SALE_NOT_OPEN");
		assertProblem(reserveWithCode(buyer, sale, sale.vip(), 1, "LATER-PRESALE"), 409, "ACCESS_CODE_NOT_ACTIVE");
		assertProblem(reserveWithCode(buyer, sale, sale.vip(), 1, "OVER-ALREADY"), 409, "ACCESS_CODE_NOT_ACTIVE");
		assertProblem(reserveWithCode(buyer, sale, sale.festival(), 1, "VIP-ONLY-1"), 409, "ACCESS_CODE_NOT_FOR_TYPE");
		assertProblem(http()
			.post("/api/v1/orders",
					Map.of("eventId", sale.eventId(), "accessCode", "VIP-ONLY-1", "lines",
							List.of(Map.of("ticketTypeId", sale.vip(), "quantity", 1),
									Map.of("ticketTypeId", sale.festival(), "quantity", 1))))
			.bearer(buyer.token())
			.execute(), 409, "ACCESS_CODE_NOT_FOR_TYPE");
		assertProblem(reserveWithCode(buyer, sale, sale.vip(), 3, "VIP-ONLY-1"), 409, "ACCESS_CODE_LIMIT_EXCEEDED");
		assertThat(takenUnits(sale.vip()) + takenUnits(sale.festival())).isZero();

		JsonNode order = reserveWithCode(buyer, sale, sale.vip(), 2, "VIP-ONLY-1").assertStatus(201).json();
		assertThat(order.path("quantity").asInt()).isEqualTo(2);
		assertThat(takenUnits(sale.vip())).isEqualTo(2);
		// a code of another event opens nothing here
		Presale other = presale();
		assertProblem(reserveWithCode(buyer, other, other.vip(), 1, "VIP-ONLY-1"), 403, "ACCESS_CODE_INVALID");
	}

	@Test
	void wrongCodesAreThrottledPerAccount() {
		Presale sale = presale();
		Map<String, Object> shared = batch("SHARED", List.of(sale.vip()));
		shared.put("code", "RIGHT-CODE-1");
		createCodes(sale, shared).assertStatus(201);
		Account guesser = accounts().create();

		for (int i = 0; i < 10; i++) {
			assertProblem(reserveWithCode(guesser, sale, sale.vip(), 1, "GUESS-" + i), 403, "ACCESS_CODE_INVALID");
		}
		Http.Response throttled = reserveWithCode(guesser, sale, sale.vip(), 1, "GUESS-10");
		assertProblem(throttled, 429, "RATE_LIMITED");
		assertThat(throttled.header("Retry-After")).isNotNull();
		// the budget is spent, whatever the next code is
		assertProblem(reserveWithCode(guesser, sale, sale.vip(), 1, "RIGHT-CODE-1"), 429, "RATE_LIMITED");
		// another account is not held up (the tests share one address, whose budget is
		// larger)
		reserveWithCode(accounts().create(), sale, sale.vip(), 1, "RIGHT-CODE-1").assertStatus(201);
	}

	@Test
	void aCancelledPresaleOrderGivesItsUseBack() {
		Presale sale = presale();
		String code = singleUseCodes(sale, 1).path(0).asString();
		Account first = accounts().create();
		String orderId = reserveWithCode(first, sale, sale.vip(), 1, code).assertStatus(201)
			.json()
			.path("id")
			.asString();
		assertProblem(reserveWithCode(accounts().create(), sale, sale.vip(), 1, code), 409, "ACCESS_CODE_USED_UP");

		new OrdersApi(http()).cancel(first.token(), orderId).execute().assertStatus(200);

		assertThat(claimedSlots(sale)).isZero();
		eventually(() -> assertThat(codeUses(sale, code)).isEqualTo(0));
		reserveWithCode(accounts().create(), sale, sale.vip(), 1, code).assertStatus(201);
		assertThat(claimedSlots(sale)).isEqualTo(1);
	}

	@Test
	void aGateThatCountsTooFewUsesIsCaughtByTheUseSlotsAndResynced() {
		Presale sale = presale();
		String code = singleUseCodes(sale, 1).path(0).asString();
		reserveWithCode(accounts().create(), sale, sale.vip(), 1, code).assertStatus(201);
		// Redis forgets the use (a failover to a replica that missed the write)
		try (RedisLink<String, String> redis = redis()) {
			redis.sync().hset("tb:ev:{" + sale.eventId() + "}:code-uses", hashOf(sale, code), "0");
		}

		assertProblem(reserveWithCode(accounts().create(), sale, sale.vip(), 1, code), 409, "ACCESS_CODE_USED_UP");

		assertThat(claimedSlots(sale)).isEqualTo(1);
		assertThat(takenUnits(sale.vip())).isEqualTo(1);
		assertThat(redisStock(sale.vip())).isEqualTo(499);
		assertThat(codeUses(sale, code)).isEqualTo(1);
	}

	@Test
	void codesLostWithRedisAreLoadedAgainWithTheirUses() {
		Presale sale = presale();
		JsonNode codes = singleUseCodes(sale, 2);
		reserveWithCode(accounts().create(), sale, sale.vip(), 1, codes.path(0).asString()).assertStatus(201);

		flushRedis();

		assertProblem(reserveWithCode(accounts().create(), sale, sale.vip(), 1, codes.path(0).asString()), 409,
				"ACCESS_CODE_USED_UP");
		reserveWithCode(accounts().create(), sale, sale.vip(), 1, codes.path(1).asString()).assertStatus(201);
		assertThat(claimedSlots(sale)).isEqualTo(2);
	}

	@Test
	void organizersMakeListAndExportCodesOfTheirOwnEventsOnly() {
		Presale sale = presale();
		Map<String, Object> single = batch("SINGLE_USE", List.of(sale.vip()));
		single.put("count", 5);
		single.put("label", "=HYPERLINK(\"x\")");
		JsonNode made = createCodes(sale, single).assertStatus(201).json();
		assertThat(made.path("codeCount").asInt()).isEqualTo(5);
		assertThat(made.path("codes").size()).isEqualTo(5);
		made.path("codes").forEach((c) -> assertThat(c.asString()).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"));
		String batchId = made.path("batchId").asString();
		Map<String, Object> chosen = batch("SHARED", List.of(sale.vip(), sale.festival()));
		chosen.put("code", "SPONSOR-2026");
		String chosenBatch = createCodes(sale, chosen).assertStatus(201).json().path("batchId").asString();
		assertProblem(createCodes(sale, chosen), 409, "ACCESS_CODE_TAKEN");

		JsonNode batches = http().get("/api/v1/events/" + sale.eventId() + "/presale-codes")
			.bearer(sale.organizer().token())
			.execute()
			.assertStatus(200)
			.json();
		assertThat(batches.size()).isEqualTo(2);
		assertThat(batches.path(1).path("codes").size()).as("a chosen code is stored hashed only").isZero();

		Http.Response csv = http().get("/api/v1/events/" + sale.eventId() + "/presale-codes/" + batchId + "/codes.csv")
			.bearer(sale.organizer().token())
			.execute()
			.assertStatus(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		String[] rows = csv.text().split("\r\n");
		assertThat(rows).hasSize(6);
		assertThat(rows[0]).isEqualTo("code,label,startsAt,endsAt");
		assertThat(rows[1]).startsWith("\"" + made.path("codes").path(0).asString() + "\",\"'=HYPERLINK(\"\"x\"\")\",");
		assertProblem(http().get("/api/v1/events/" + sale.eventId() + "/presale-codes/" + chosenBatch + "/codes.csv")
			.bearer(sale.organizer().token())
			.execute(), 409, "CODES_NOT_EXPORTABLE");

		Account otherOrganizer = accounts().create("ORGANIZER");
		assertProblem(http().post("/api/v1/events/" + sale.eventId() + "/presale-codes", single)
			.bearer(otherOrganizer.token())
			.execute(), 403, "FORBIDDEN");
		assertProblem(http().get("/api/v1/events/" + sale.eventId() + "/presale-codes")
			.bearer(accounts().create().token())
			.execute(), 403, "FORBIDDEN");
	}

	@Test
	void badBatchesAreClearProblems() {
		Presale sale = presale();
		Presale other = presale();
		Map<String, Object> foreign = batch("SHARED", List.of(other.vip()));
		Http.Response wrongType = createCodes(sale, foreign);
		assertProblem(wrongType, 422, "VALIDATION_FAILED");
		assertThat(wrongType.json().path("errors").toString()).contains("ticketTypeIds[0]");

		Map<String, Object> singleWithCode = batch("SINGLE_USE", List.of(sale.vip()));
		singleWithCode.put("count", 3);
		singleWithCode.put("code", "MINE-123");
		assertProblem(createCodes(sale, singleWithCode), 422, "VALIDATION_FAILED");
		Map<String, Object> noCount = batch("SINGLE_USE", List.of(sale.vip()));
		assertProblem(createCodes(sale, noCount), 422, "VALIDATION_FAILED");
		Map<String, Object> backwards = batch("SHARED", List.of(sale.vip()));
		backwards.put("endsAt", Instant.now().minus(Duration.ofHours(1)).toString());
		assertProblem(createCodes(sale, backwards), 422, "VALIDATION_FAILED");
		Map<String, Object> tooMany = batch("SINGLE_USE", List.of(sale.vip()));
		tooMany.put("count", 10_001);
		assertProblem(createCodes(sale, tooMany), 422, "VALIDATION_FAILED");
		Map<String, Object> badCode = batch("SHARED", List.of(sale.vip()));
		badCode.put("code", "has spaces");
		assertProblem(createCodes(sale, badCode), 422, "VALIDATION_FAILED");
		assertProblem(reserveWithCode(accounts().create(), sale, sale.vip(), 1, "no spaces allowed"), 422,
				"VALIDATION_FAILED");
		assertThat(this.jdbc.sql("select count(*) from presale_codes where event_id = :e")
			.param("e", sale.eventId())
			.query(Integer.class)
			.single()).isZero();
	}

	private String hashOf(Presale sale, String code) {
		return io.ticketbooking.events.AccessCodes.hash(sale.eventId(), code);
	}

	private int codeUses(Presale sale, String code) {
		try (RedisLink<String, String> redis = redis()) {
			String uses = redis.sync().hget("tb:ev:{" + sale.eventId() + "}:code-uses", hashOf(sale, code));
			return (uses == null) ? -1 : Integer.parseInt(uses);
		}
	}

}
