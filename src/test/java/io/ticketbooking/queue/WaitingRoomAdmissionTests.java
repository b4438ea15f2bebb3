package io.ticketbooking.queue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketbooking.config.RedisLink;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.OrderRows;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The waiting room's admission: a fair draw, the rate kept across admitters, pausing
 * while every unit is held and resuming when holds expire, and the sold-out broadcast.
 */
@IntegrationTest
class WaitingRoomAdmissionTests extends WaitingRoomFixture {

	@Autowired
	WaitingRoom room;

	@Autowired
	QueueDirectory directory;

	@Autowired
	QueueRedis queueRedis;

	@Autowired
	Inventory inventory;

	@Autowired
	OrderLookup orderLookup;

	@Autowired
	Draws draws;

	@Autowired
	QueueProperties properties;

	@Value("${payments.webhook-secret}")
	String webhookSecret;

	@Test
	void twentyThousandPreQueuedAccountsAreDrawnInAnOrderIndependentOfTheirJoiningEachOnce() {
		Queued queued = queued(100, 1, Instant.now().plus(Duration.ofHours(1)), 60);
		UUID eventId = queued.eventId();
		int entrants = 20_000;
		List<String> joined = new ArrayList<>(entrants);
		for (int i = 0; i < entrants; i++) {
			UUID account = UUID.randomUUID();
			// 250 accounts per address, within the per-address throttle
			assertThat(this.room.join(eventId, account, "10.0." + (i / 250) + "." + (i % 250), null).status())
				.isEqualTo(QueueViews.Status.PRE_QUEUE);
			joined.add(account.toString());
		}
		assertThat(queue(eventId).path("waiting").asLong()).isEqualTo(entrants);

		// the organizer opens the sale now: the next look draws the pre-queue
		http()
			.patch("/api/v1/events/" + eventId,
					Map.of("salesStartAt", Instant.now().minusSeconds(1).toString(), "salesEndAt",
							Instant.now().plus(Duration.ofMinutes(15)).toString()))
			.bearer(queued.organizer().token())
			.execute()
			.assertStatus(200);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !"PRE_QUEUE".equals(queue(eventId).path("state").asString())
					&& !"DRAWING".equals(queue(eventId).path("state").asString()));

		Map<String, Long> positions = new HashMap<>();
		try (RedisLink<String, String> redis = redis()) {
			for (ScoredValue<String> placed : redis.sync().zrangeWithScores(QueueKeys.line(eventId), 0, -1)) {
				positions.put(placed.getValue(), (long) placed.getScore());
			}
		}
		// every account exactly once, at positions 1..n
		assertThat(positions).hasSize(entrants).containsOnlyKeys(joined);
		assertThat(new HashSet<>(positions.values())).hasSize(entrants);
		assertThat(positions.values()).allSatisfy((p) -> assertThat(p).isBetween(1L, (long) entrants));

		// Spearman's rank correlation between joining order and drawn order
		double sumOfSquares = 0;
		for (int i = 0; i < entrants; i++) {
			double d = (i + 1) - positions.get(joined.get(i));
			sumOfSquares += d * d;
		}
		double n = entrants;
		double rho = 1 - 6 * sumOfSquares / (n * (n * n - 1));
		System.out.printf("Waiting room draw: %d entrants, Spearman's rho between joining and drawn order %.5f%n",
				entrants, rho);
		assertThat(Math.abs(rho)).as("Spearman's rho between joining and drawn order").isLessThan(0.05);

		// the draw is published and anyone can recompute it from its seed
		JsonNode draw = queue(eventId).path("draw");
		assertThat(draw.path("entrants").asLong()).isEqualTo(entrants);
		List<String> drawn = new ArrayList<>(joined);
		drawn.sort((a, b) -> Long.compare(positions.get(a), positions.get(b)));
		assertThat(Admitter.drawOrder(draw.path("seed").asString(), joined)).isEqualTo(drawn);
		assertThat(this.jdbc.sql("select seed from queue_draws where event_id = :event")
			.param("event", eventId)
			.query(String.class)
			.list()).containsExactly(draw.path("seed").asString());
	}

	@Test
	void theRateHoldsOverAMinuteWithTwoAdmittersAndNobodyIsAdmittedTwice() throws Exception {
		int rate = 1_200;
		Queued queued = queued(5_000, 1, Instant.now().minus(Duration.ofMinutes(1)), rate);
		UUID eventId = queued.eventId();
		awaitQueueState(eventId, "OPEN");
		for (int i = 0; i < 2_000; i++) {
			this.room.join(eventId, UUID.randomUUID(), "10.1." + (i / 250) + "." + (i % 250), null);
		}
		// a second instance's admitter beside this instance's own scheduled one: every 5
		// s
		// it starts (and takes the lease over) or stops (and gives it back)
		SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
		Admitter second = new Admitter(this.directory, this.queueRedis, this.inventory, this.orderLookup, this.draws,
				this.properties, Clock.systemUTC(), secondMeters);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread secondInstance = Thread.ofVirtual().start(() -> {
			long looks = 0;
			int perPhase = (int) (5_000 / this.properties.admitInterval().toMillis());
			while (running.get()) {
				boolean on = (looks / perPhase) % 2 == 0;
				if (on && looks % perPhase == 0) {
					try (RedisLink<String, String> redis = redis()) {
						redis.sync().del(QueueKeys.admitter(eventId));
					}
				}
				if (on) {
					second.admitAll();
				}
				else if (looks % perPhase == 0) {
					second.releaseLeases();
				}
				looks++;
				sleep(this.properties.admitInterval());
			}
			second.releaseLeases();
		});
		try {
			Thread.sleep(2_000);
			long before = admitted(eventId);
			long started = System.nanoTime();
			Thread.sleep(60_000);
			long after = admitted(eventId);
			double minutes = (System.nanoTime() - started) / 60e9;
			double measured = (after - before) / minutes;
			System.out.printf(
					"Waiting room rate: %d admitted in %.2f min = %.1f/min (configured %d); second admitter "
							+ "admitted %.0f%n",
					after - before, minutes, measured, rate, secondMeters.get("queue.admitted").counter().count());
			assertThat(measured).as("admissions per minute (configured %d)", rate).isBetween(rate * 0.95, rate * 1.05);
			assertThat(secondMeters.get("queue.admitted").counter().count()).as("the second admitter took part")
				.isPositive();
		}
		finally {
			running.set(false);
			secondInstance.join();
		}
		// nobody admitted twice: one admission per account, in the queue and in the gate.
		// This instance's own admitter goes on admitting (a batch every look, the gate's
		// hash first), so the counts are compared between two of its batches
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			try (RedisLink<String, String> redis = redis()) {
				long admitted = admitted(eventId);
				long inQueue = redis.sync().hlen(QueueKeys.admissions(eventId));
				long inGate = redis.sync().hlen(RedisGate.key(eventId, queued.sale().ticketTypeId()) + ":admitted");
				List<String> admittedAccounts = redis.sync()
					.zrangebyscore(QueueKeys.line(eventId), Range.create(1, admitted));
				assertThat(admitted(eventId)).as("no batch between the reads").isEqualTo(admitted);
				assertThat(inQueue).isEqualTo(admitted);
				assertThat(inGate).isEqualTo(admitted);
				assertThat(new HashSet<>(admittedAccounts)).hasSize((int) admitted);
			}
		});
	}

	@Test
	void admissionPausesWhileEveryUnitIsHeldAndResumesWhenAHoldExpires() {
		Queued queued = queued(2, 1, Instant.now().minus(Duration.ofMinutes(1)), 60);
		UUID eventId = queued.eventId();
		awaitQueueState(eventId, "OPEN");
		Account a = accounts().create();
		Account b = accounts().create();
		Account c = accounts().create();
		for (Account account : List.of(a, b, c)) {
			join(eventId, account).assertStatus(200);
		}
		awaitStatus(eventId, a, "ADMITTED");
		String held = reserve(queued, a, 1).assertStatus(201).json().path("id").asString();
		awaitStatus(eventId, b, "ADMITTED");
		reserve(queued, b, 1).assertStatus(201);

		// every unit is in a hold: admission waits
		awaitQueueState(eventId, "PAUSED");
		assertThat(place(eventId, c).path("status").asString()).isEqualTo("WAITING");
		assertThat(place(eventId, c).path("ahead").asLong()).isZero();

		// a's hold expires: its unit comes back and the line moves
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id")
			.param("id", UUID.fromString(held))
			.update();
		// (the hold sweeper runs every orders.sweep-interval)
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "ADMITTED".equals(place(eventId, c).path("status").asString()));
		reserve(queued, c, 1).assertStatus(201);
	}

	@Test
	void whenNothingCanComeBackEveryoneWaitingIsToldAtOnce() throws Exception {
		Queued queued = queued(1, 1, Instant.now().minus(Duration.ofMinutes(1)), 60);
		UUID eventId = queued.eventId();
		awaitQueueState(eventId, "OPEN");
		Account buyer = accounts().create();
		join(eventId, buyer).assertStatus(200);
		List<Account> waiting = new ArrayList<>();
		List<List<JsonNode>> streams = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Account account = accounts().create();
			join(eventId, account).assertStatus(200);
			waiting.add(account);
			streams.add(follow(eventId, account));
		}
		awaitStatus(eventId, buyer, "ADMITTED");
		OrdersApi orders = new OrdersApi(http());
		JsonNode order = reserve(queued, buyer, 1).assertStatus(201).json();
		UUID orderId = UUID.fromString(order.path("id").asString());
		// the buyer pays: the last unit is sold and nothing can come back
		JsonNode payment = orders.startPayment(buyer.token(), orderId).execute().assertStatus(201).json();
		String intent = new OrderRows(this.jdbc).providerRef(payment.path("paymentId").asString());
		new StripeWebhooks(this.webhookSecret)
			.signedDelivery(http(), StripeWebhooks.event(StripeWebhooks.newEventId(), "payment_intent.succeeded",
					intent, order.path("total").asLong(), "idr", orderId))
			.execute()
			.assertStatus(200);

		awaitQueueState(eventId, "SOLD_OUT");
		// every follower's stream says so, and every place too
		for (List<JsonNode> stream : streams) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !stream.isEmpty() && stream.get(stream.size() - 1).path("soldOut").asBoolean());
			assertThat(stream.get(stream.size() - 1).path("status").asString()).isEqualTo("SOLD_OUT");
		}
		for (Account account : waiting) {
			assertThat(place(eventId, account).path("status").asString()).isEqualTo("SOLD_OUT");
		}
	}

	/** Opens the account's place stream and collects its {@code queue} events. */
	private List<JsonNode> follow(UUID eventId, Account account) throws Exception {
		List<JsonNode> events = new CopyOnWriteArrayList<>();
		HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(
						URI.create("http://127.0.0.1:" + this.port + "/api/v1/events/" + eventId + "/queue/me/stream"))
				.header("Accept", "text/event-stream")
				.header("Authorization", "Bearer " + account.token())
				.build(), HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		Thread.ofVirtual().start(() -> {
			try {
				response.body().forEach((line) -> {
					if (line.startsWith("data:")) {
						events.add(Json.read(line.substring(5)));
					}
				});
			}
			catch (RuntimeException ex) {
				// the stream ended with the test
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
		assertThat(events.get(0).path("status").asString()).isEqualTo("WAITING");
		return events;
	}

	private long admitted(UUID eventId) {
		try (RedisLink<String, String> redis = redis()) {
			return Long.parseLong(redis.sync().hget(QueueKeys.queue(eventId), "admitted"));
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
