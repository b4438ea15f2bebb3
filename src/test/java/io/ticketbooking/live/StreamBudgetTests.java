package io.ticketbooking.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Open pages never crowd out buyers: an instance serves a budget of streams that leaves
 * the connector's headroom to requests. Here the connector takes 80 connections, 20 of
 * them for streams: with more pages open than that, the extra streams are refused with a
 * problem that names the polling form, and sign-ups, sign-ins, reservations and event
 * pages keep answering at once.
 */
@IntegrationTest
// its own application, closed after the class: its settings are for this test only, and
// alive it would consume order.confirmed and sign tickets with its own ephemeral key
@DirtiesContext
@TestPropertySource(
		properties = { "server.tomcat.max-connections=80", "live.max-streams=20", "live.request-headroom=60" })
class StreamBudgetTests extends ApplicationFixture {

	@Autowired
	LiveStreams streams;

	@Test
	void streamsPastTheBudgetAreSentToPollingAndBuyingGoesOn() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1000, 2);
		String availability = "/api/v1/events/" + sale.eventId() + "/availability";
		HttpClient pages = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<HttpResponse<Stream<String>>> held = new ArrayList<>();
		List<HttpResponse<Stream<String>>> refused = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			HttpResponse<Stream<String>> page = pages
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + availability + "/stream"))
					.header("Accept", "text/event-stream")
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofLines());
			((page.statusCode() == 200) ? held : refused).add(page);
		}
		assertThat(held).hasSize(20);
		assertThat(this.streams.openStreams()).isEqualTo(20);
		assertThat(refused).hasSize(10).allSatisfy((page) -> {
			assertThat(page.statusCode()).isEqualTo(503);
			assertThat(page.headers().firstValue("Retry-After")).hasValue("30");
			JsonNode problem = Json.read(String.join("\n", page.body().toList()));
			assertThat(problem.path("code").asString()).isEqualTo("TOO_MANY_SUBSCRIBERS");
			assertThat(problem.path("poll").asString()).isEqualTo(availability);
		});

		// with every stream of the budget held, the instance serves everyone else at once
		Http http = new Http(this.port);
		AuthApi auth = new AuthApi(http);
		List<CompletableFuture<Http.Response>> answers = new ArrayList<>();
		try (var executor = Executors.newFixedThreadPool(16)) {
			for (int i = 0; i < 16; i++) {
				String email = "watcher-" + UUID.randomUUID() + "@test.example";
				answers.add(CompletableFuture.supplyAsync(() -> {
					auth.register(email, "correct horse battery staple", "Watcher").assertStatus(201);
					return auth.login(email, "correct horse battery staple");
				}, executor));
				String token = accounts().create().token();
				answers.add(CompletableFuture.supplyAsync(
						() -> http
							.post("/api/v1/orders",
									Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity",
											1))
							.bearer(token)
							.execute(),
						executor));
				answers.add(CompletableFuture.supplyAsync(() -> http.get("/api/v1/events/" + sale.eventId()).execute(),
						executor));
				answers.add(CompletableFuture.supplyAsync(() -> http.get(availability).execute(), executor));
			}
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
		}
		assertThat(answers)
			.allSatisfy((answer) -> assertThat(answer.join().status()).as(answer.join().toString()).isIn(200, 201));
		assertThat(answers.stream().filter((answer) -> answer.join().status() == 201)).hasSize(16);

		// the held streams are live: the 16 reservations reach them
		HttpResponse<Stream<String>> watched = held.get(0);
		List<String> lines = new ArrayList<>();
		var reader = CompletableFuture.runAsync(
				() -> watched.body().takeWhile((line) -> !line.contains("\"available\":984")).forEach(lines::add),
				Executors.newVirtualThreadPerTaskExecutor());
		reader.get(10, TimeUnit.SECONDS);

		held.forEach((page) -> page.body().close());
		pages.shutdownNow();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.streams.openStreams() == 0);
		// room again: a new page gets its stream
		HttpResponse<Stream<String>> again = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + availability + "/stream"))
				.build(), HttpResponse.BodyHandlers.ofLines())
			.get(5, TimeUnit.SECONDS);
		assertThat(again.statusCode()).isEqualTo(200);
		again.body().close();
	}

}
