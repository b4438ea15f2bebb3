package io.ticketbooking.events;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.ticketbooking.config.RedisLink;
import io.ticketbooking.live.LiveStreams;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live availability over Server-Sent Events: pushed on change, coalesced under a burst.
 */
@IntegrationTest
class AvailabilityStreamTests extends EventsFixture {

	@Autowired
	LiveStreams streams;

	@Autowired
	DataSource dataSource;

	@Test
	void aSubscriberSeesASaleAndBurstsAreCoalesced() throws Exception {
		Streamed streamed = event("Streamed");
		String id = streamed.id();
		String vip = streamed.vip();
		String vipGate = RedisGate.key(UUID.fromString(id), UUID.fromString(vip));

		List<Message> messages = new CopyOnWriteArrayList<>();
		HttpResponse<Stream<String>> stream = subscribe(id, messages);
		await().atMost(Duration.ofSeconds(5)).until(() -> messages.size() == 1);
		assertThat(messages.get(0).available(vip)).isEqualTo(50);

		// a real sale through the API
		Http.Response order = http().post("/api/v1/orders", Map.of("eventId", id, "ticketTypeId", vip, "quantity", 2))
			.bearer(accounts().create().token())
			.execute();
		assertThat(order.status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(5)).until(() -> messages.get(messages.size() - 1).available(vip) == 48);

		// 1,000 stock changes in a burst
		int before = messages.size();
		long started = System.nanoTime();
		try (RedisLink<String, String> redis = redis()) {
			for (int i = 0; i < 1000; i++) {
				redis.sync().hincrby(vipGate, "stock", (i % 2 == 0) ? -1 : 1);
			}
			redis.sync().hincrby(vipGate, "stock", -8);
		}
		double burstSeconds = (System.nanoTime() - started) / 1e9;
		await().atMost(Duration.ofSeconds(5)).until(() -> messages.get(messages.size() - 1).available(vip) == 40);
		Thread.sleep(600);
		int during = messages.size() - before;
		// at most one message per 500 ms (AVAILABILITY_STREAM_MIN_GAP), plus the edges
		assertThat(during).as("messages for 1,000 changes in %.2f s", burstSeconds)
			.isLessThanOrEqualTo((int) Math.ceil((burstSeconds + 0.6) / 0.5) + 2);
		assertThat(during).isLessThan(100);

		stream.body().close();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.streams.openStreams() == 0);
	}

	/**
	 * The polling form, for pages whose stream was refused and for caches in front: a
	 * short max-age and a strong tag; a poll with the tag is a 304 while nothing changed.
	 * It never reaches PostgreSQL: with the event tables locked against every reader, it
	 * still answers at once.
	 */
	@Test
	void thePollingFormIsCacheableAnswers304WhileNothingChangedAndNeverReadsPostgres() throws Exception {
		Streamed streamed = event("Polled");
		String id = streamed.id();
		String vip = streamed.vip();
		String url = "/api/v1/events/" + id + "/availability";
		Http.Response first = http().get(url).execute();
		assertThat(first.status()).isEqualTo(200);
		assertThat(new Message(first.json()).available(vip)).isEqualTo(50);
		String etag = first.header("ETag");
		assertThat(etag).matches("\"[0-9a-f]{24}\"");
		assertThat(first.header("Cache-Control")).isEqualTo("max-age=1, public");

		try (Connection lock = this.dataSource.getConnection()) {
			lock.setAutoCommit(false);
			lock.createStatement().execute("lock table events, ticket_types in access exclusive mode");
			List<Http.Response> polls = CompletableFuture.supplyAsync(() -> {
				List<Http.Response> answers = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					answers.add(http().get(url).header("If-None-Match", etag).execute());
					answers.add(http().get(url).execute());
				}
				return answers;
			}, Executors.newVirtualThreadPerTaskExecutor()).get(10, TimeUnit.SECONDS);
			lock.rollback();
			assertThat(polls).allSatisfy((poll) -> {
				assertThat(poll.header("ETag")).isEqualTo(etag);
				assertThat(poll.header("Cache-Control")).isEqualTo("max-age=1, public");
			});
			assertThat(polls).filteredOn((poll) -> poll.status() == 304)
				.hasSize(20)
				.allSatisfy((poll) -> assertThat(poll.bytes()).isEmpty());
			assertThat(polls).filteredOn((poll) -> poll.status() == 200)
				.hasSize(20)
				.allSatisfy((poll) -> assertThat(new Message(poll.json()).available(vip)).isEqualTo(50));
		}

		Http.Response order = http().post("/api/v1/orders", Map.of("eventId", id, "ticketTypeId", vip, "quantity", 2))
			.bearer(accounts().create().token())
			.execute();
		assertThat(order.status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Http.Response changed = http().get(url).header("If-None-Match", etag).execute();
			assertThat(changed.status()).isEqualTo(200);
			assertThat(changed.header("ETag")).isNotEqualTo(etag);
			assertThat(new Message(changed.json()).available(vip)).isEqualTo(48);
		});

		assertProblem(http().get("/api/v1/events/" + UUID.randomUUID() + "/availability").execute(), 404, "NOT_FOUND");
	}

	@Test
	void aCancelledEventPollsAndStreamsAsNothingLeft() throws Exception {
		Streamed streamed = event("Called off");
		String id = streamed.id();
		String vip = streamed.vip();
		List<Message> messages = new CopyOnWriteArrayList<>();
		HttpResponse<Stream<String>> stream = subscribe(id, messages);
		await().atMost(Duration.ofSeconds(5)).until(() -> messages.size() == 1);
		assertThat(messages.get(0).available(vip)).isEqualTo(50);

		assertThat(http().post("/api/v1/events/" + id + "/cancel", Map.of())
			.bearer(streamed.organizer().token())
			.execute()
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> messages.get(messages.size() - 1).available(vip) == 0);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					new Message(http().get("/api/v1/events/" + id + "/availability").execute().json()).available(vip))
				.isZero());
		stream.body().close();
	}

	@Test
	void unknownEventIsNotFound() {
		Http.Response response = http().get("/api/v1/events/" + UUID.randomUUID() + "/availability/stream").execute();
		assertProblem(response, 404, "NOT_FOUND");
	}

	/** An event on sale now, and the id of its first ticket type (VIP: 50 units). */
	record Streamed(Account organizer, String id, String vip) {
	}

	private Streamed event(String name) {
		Account organizer = accounts().create("ORGANIZER");
		JsonNode event = create(organizer, EventRequests.valid(name)).json();
		return new Streamed(organizer, event.path("id").asString(),
				event.path("ticketTypes").path(0).path("id").asString());
	}

	record Message(JsonNode body) {

		int available(String ticketTypeId) {
			for (JsonNode type : this.body.path("ticketTypes")) {
				if (type.path("id").asString().equals(ticketTypeId)) {
					return type.path("available").asInt();
				}
			}
			return -1;
		}

	}

	private HttpResponse<Stream<String>> subscribe(String eventId, List<Message> messages) throws Exception {
		HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI
					.create("http://127.0.0.1:" + this.port + "/api/v1/events/" + eventId + "/availability/stream"))
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		Thread.ofVirtual().start(() -> {
			String[] name = { null };
			try {
				read(response, name, messages);
			}
			catch (UncheckedIOException ex) {
				// the test closed the stream
			}
		});
		return response;
	}

	private static void read(HttpResponse<Stream<String>> response, String[] name, List<Message> messages) {
		{
			response.body().forEach((line) -> {
				if (line.startsWith("event:")) {
					name[0] = line.substring(6).trim();
				}
				else if (line.startsWith("data:") && "availability".equals(name[0])) {
					messages.add(new Message(Json.read(line.substring(5).trim())));
				}
			});
		}
	}

}
