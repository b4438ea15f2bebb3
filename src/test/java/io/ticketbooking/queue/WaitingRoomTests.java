package io.ticketbooking.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The waiting room through the API: one place per account, admission enforced by the
 * gate, failures answered with clear problems.
 */
@IntegrationTest
class WaitingRoomTests extends WaitingRoomFixture {

	@Autowired
	WaitingRoom room;

	@Autowired
	MeterRegistry meters;

	@Test
	void onlyAnAdmittedAccountReservesAQueuedSaleAndJoiningAgainKeepsThePlace() {
		Queued queued = queued(20, 4, Instant.now().minus(Duration.ofMinutes(1)), 600);
		UUID eventId = queued.eventId();
		Account buyer = accounts().create();
		Account stranger = accounts().create();

		// not in line: the gate refuses, whatever the request carries
		assertProblem(reserve(queued, buyer, 1), 403, "QUEUE_REQUIRED");
		Http.Response tricked = http()
			.post("/api/v1/orders",
					Map.of("eventId", eventId, "ticketTypeId", queued.sale().ticketTypeId(), "quantity", 1))
			.bearer(buyer.token())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.header("X-Forwarded-For", "10.9.8.7")
			.header("X-Queue-Admitted", "true")
			.execute();
		assertProblem(tricked, 403, "QUEUE_REQUIRED");

		awaitQueueState(eventId, "OPEN");
		JsonNode first = join(eventId, buyer).assertStatus(200).json();
		long position = first.path("position").asLong();
		assertThat(position).isPositive();
		JsonNode again = join(eventId, buyer).assertStatus(200).json();
		assertThat(again.path("position").asLong()).isEqualTo(position);

		awaitStatus(eventId, buyer, "ADMITTED");
		assertAdmitted(place(eventId, buyer));
		assertThat(reserve(queued, buyer, 2).status()).isEqualTo(201);
		// another account cannot use the buyer's admission
		assertProblem(reserve(queued, stranger, 1), 403, "QUEUE_REQUIRED");

		// a sale without a waiting room is unchanged
		OnSale open = events().onSale(queued.organizer().id(), 5, 2);
		assertThat(new io.ticketbooking.support.OrdersApi(http())
			.reserve(stranger.token(), open.eventId(), open.ticketTypeId(), 1)
			.execute()
			.status()).isEqualTo(201);
	}

	/**
	 * The two routes a crowd calls answer JSON whatever the request accepts, in one piece
	 * with its length: not chunked, which would take Tomcat two writes to the socket.
	 */
	@Test
	void placesAreAnsweredAsJsonWithTheirLengthWhateverTheRequestAccepts() {
		Queued queued = queued(20, 4, Instant.now().minus(Duration.ofMinutes(1)), 600);
		UUID eventId = queued.eventId();
		Account buyer = accounts().create();
		awaitQueueState(eventId, "OPEN");

		Http.Response joined = http().post("/api/v1/events/" + eventId + "/queue", Map.of())
			.bearer(buyer.token())
			.header("Accept", "text/html")
			.execute()
			.assertStatus(200);
		Http.Response read = http().get("/api/v1/events/" + eventId + "/queue/me")
			.bearer(buyer.token())
			.header("Accept", "text/plain")
			.execute()
			.assertStatus(200);

		for (Http.Response place : List.of(joined, read)) {
			assertThat(place.contentType()).isEqualTo("application/json");
			assertThat(place.header("Content-Length")).isEqualTo(Integer.toString(place.bytes().length));
			assertThat(place.header("Transfer-Encoding")).isNull();
			assertThat(place.json().path("eventId").asString()).isEqualTo(eventId.toString());
			assertThat(place.json().path("position").asLong()).isPositive();
			// the security headers are on these answers too
			assertThat(place.header("X-Content-Type-Options")).isEqualTo("nosniff");
		}
		assertThat(read.json().path("position").asLong()).isEqualTo(joined.json().path("position").asLong());
	}

	@Test
	void anAdmissionRunsOutAndJoiningAgainQueuesAtTheBack() {
		// the shortest window an organizer may set
		Queued queued = queued(20, 4, Instant.now().minus(Duration.ofMinutes(1)), 600, 30);
		UUID eventId = queued.eventId();
		Account buyer = accounts().create();
		awaitQueueState(eventId, "OPEN");
		long position = join(eventId, buyer).assertStatus(200).json().path("position").asLong();
		awaitStatus(eventId, buyer, "ADMITTED");
		Instant until = Instant.parse(place(eventId, buyer).path("admittedUntil").asString());
		assertThat(Duration.between(Instant.now(), until)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31));

		// the window passes unused
		await().atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> "EXPIRED".equals(place(eventId, buyer).path("status").asString()));
		assertProblem(reserve(queued, buyer, 1), 403, "ADMISSION_EXPIRED");

		JsonNode requeued = join(eventId, buyer).assertStatus(200).json();
		assertThat(requeued.path("position").asLong()).isGreaterThan(position);
		awaitStatus(eventId, buyer, "ADMITTED");
		assertThat(reserve(queued, buyer, 1).status()).isEqualTo(201);
	}

	@Test
	void joinsThatArriveTogetherGoInBatchesAndEachGetsItsOwnPlace() throws Exception {
		// an open line admitting one a minute: every join answers a position
		Queued queued = queued(20, 4, Instant.now().minus(Duration.ofMinutes(1)), 1);
		UUID eventId = queued.eventId();
		awaitQueueState(eventId, "OPEN");
		DistributionSummary batches = this.meters.get("queue.join.batch").summary();
		long callsBefore = batches.count();
		double joinsBefore = batches.totalAmount();
		int accounts = 400;
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < accounts; i++) {
			ids.add(UUID.randomUUID());
		}
		List<Future<QueueViews.Place>> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			CountDownLatch start = new CountDownLatch(1);
			// every account joins twice at once: the second gets the same place
			for (int i = 0; i < 2 * accounts; i++) {
				UUID id = ids.get(i % accounts);
				String address = "10.1." + (i % 200) + ".1";
				answers.add(threads.submit(() -> {
					start.await();
					return this.room.join(eventId, id, address, null);
				}));
			}
			start.countDown();
		}
		Map<UUID, Long> positions = new HashMap<>();
		for (int i = 0; i < answers.size(); i++) {
			QueueViews.Place place = answers.get(i).get();
			assertThat(place.position()).as("the place answered to a join").isNotNull();
			Long other = positions.putIfAbsent(ids.get(i % accounts), place.position());
			if (other != null) {
				assertThat(place.position()).as("both joins of one account").isEqualTo(other);
			}
		}
		// one place each, 1 to 400, whichever batch each join went in
		assertThat(positions).hasSize(accounts);
		assertThat(new HashSet<>(positions.values())).hasSize(accounts)
			.allSatisfy((position) -> assertThat(position).isBetween(1L, (long) accounts));
		try (RedisLink<String, String> redis = redis()) {
			assertThat(redis.sync().zcard(QueueKeys.line(eventId))).isEqualTo(accounts);
		}
		assertThat(batches.totalAmount() - joinsBefore).isEqualTo(2.0 * accounts);
		long calls = batches.count() - callsBefore;
		System.out.printf("Waiting room: %d concurrent joins in %d script calls%n", 2 * accounts, calls);
		assertThat(calls).as("script calls for %d joins at once", 2 * accounts).isLessThan(2L * accounts);
	}

	@Test
	void joiningFailsWithClearProblems() {
		Account buyer = accounts().create();
		// no waiting room, or no such event
		OnSale open = events().onSale(accounts().create("ORGANIZER").id(), 5, 2);
		assertProblem(join(open.eventId(), buyer), 404, "QUEUE_NOT_FOUND");
		assertProblem(join(UUID.randomUUID(), buyer), 404, "QUEUE_NOT_FOUND");
		assertProblem(http().post("/api/v1/events/" + open.eventId() + "/queue", Map.of()).execute(), 401,
				"UNAUTHORIZED");

		// the pre-queue has not opened
		Queued later = queued(5, 1, Instant.now().plus(Duration.ofDays(1)), null);
		http()
			.put("/api/v1/events/" + later.eventId() + "/queue/settings",
					Map.of("preQueueOpensAt", Instant.now().plus(Duration.ofHours(2)).toString(),
							"admissionWindowSeconds", 300))
			.bearer(later.organizer().token())
			.execute()
			.assertStatus(200);
		Http.Response early = join(later.eventId(), buyer);
		assertProblem(early, 409, "QUEUE_NOT_OPEN");
		assertThat(early.json().path("opensAt").asString()).isNotEmpty();

		// too many joins from one account
		Queued queued = queued(5, 1, Instant.now().plus(Duration.ofDays(1)), null);
		Http.Response last = null;
		for (int i = 0; i < 11; i++) {
			last = join(queued.eventId(), buyer);
		}
		assertProblem(last, 429, "RATE_LIMITED");
		assertThat(last.header("Retry-After")).isNotEmpty();
	}

	@Test
	void theOrganizerSetsTheQueueAndOnlyTheOrganizer() {
		Queued queued = queued(5, 1, Instant.now().plus(Duration.ofDays(1)), 120);
		UUID eventId = queued.eventId();
		JsonNode event = http().get("/api/v1/events/" + eventId).execute().assertStatus(200).json();
		assertThat(event.path("queue").path("ratePerMinute").asInt()).isEqualTo(120);
		assertThat(event.path("queue").path("admissionWindowSeconds").asInt()).isEqualTo(600);

		Account someone = accounts().create("ORGANIZER");
		Map<String, Object> settings = Map.of("preQueueOpensAt", Instant.now().toString(), "admissionWindowSeconds",
				300);
		assertProblem(
				http().put("/api/v1/events/" + eventId + "/queue/settings", settings).bearer(someone.token()).execute(),
				403, "FORBIDDEN");
		assertProblem(
				http().put("/api/v1/events/" + eventId + "/queue/settings",
						Map.of("preQueueOpensAt", Instant.now().plus(Duration.ofDays(2)).toString(),
								"admissionWindowSeconds", 300))
					.bearer(queued.organizer().token())
					.execute(),
				422, "VALIDATION_FAILED");
		assertProblem(http()
			.put("/api/v1/events/" + eventId + "/queue/settings",
					Map.of("preQueueOpensAt", Instant.now().toString(), "admissionWindowSeconds", 5))
			.bearer(queued.organizer().token())
			.execute(), 422, "VALIDATION_FAILED");
		assertProblem(http().get("/api/v1/events/" + eventId + "/queue/stats").bearer(someone.token()).execute(), 403,
				"FORBIDDEN");
		JsonNode stats = http().get("/api/v1/events/" + eventId + "/queue/stats")
			.bearer(queued.organizer().token())
			.execute()
			.assertStatus(200)
			.json();
		assertThat(stats.path("capacity").asInt()).isEqualTo(5);
		assertThat(stats.path("queue").path("state").asString()).isEqualTo("PRE_QUEUE");

		// opted out: anyone reserves again
		http().delete("/api/v1/events/" + eventId + "/queue/settings")
			.bearer(queued.organizer().token())
			.execute()
			.assertStatus(200);
		assertThat(http().get("/api/v1/events/" + eventId).execute().json().path("queue").isNull()).isTrue();
	}

}
