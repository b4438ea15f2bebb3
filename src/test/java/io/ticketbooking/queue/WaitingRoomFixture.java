package io.ticketbooking.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What waiting-room tests share: queued sales, joining, places, reserving. */
abstract class WaitingRoomFixture extends ApplicationFixture {

	/** A queued sale and its organizer. */
	record Queued(OnSale sale, Account organizer) {

		UUID eventId() {
			return this.sale.eventId();
		}

	}

	/**
	 * A sale of {@code capacity} units opening at {@code salesStart}, queued with the
	 * pre-queue open since an hour ago.
	 */
	Queued queued(int capacity, int perUserLimit, Instant salesStart, Integer ratePerMinute) {
		return queued(capacity, perUserLimit, salesStart, ratePerMinute, 600);
	}

	/** The same, with an admission window of {@code windowSeconds}. */
	Queued queued(int capacity, int perUserLimit, Instant salesStart, Integer ratePerMinute, int windowSeconds) {
		Account organizer = accounts().create("ORGANIZER");
		// the sale ends soon after the test: later suites on the same database then find
		// no
		// queue that is still admitting
		Instant opened = salesStart.isAfter(Instant.now()) ? salesStart : Instant.now();
		OnSale sale = events().create(organizer.id(), capacity, perUserLimit, salesStart,
				opened.plus(Duration.ofMinutes(15)));
		Map<String, Object> settings = new HashMap<>();
		settings.put("preQueueOpensAt", Instant.now().minus(Duration.ofHours(1)).toString());
		settings.put("ratePerMinute", ratePerMinute);
		settings.put("admissionWindowSeconds", windowSeconds);
		http().put("/api/v1/events/" + sale.eventId() + "/queue/settings", settings)
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		return new Queued(sale, organizer);
	}

	Http.Response join(UUID eventId, Account account) {
		return http().post("/api/v1/events/" + eventId + "/queue", Map.of()).bearer(account.token()).execute();
	}

	JsonNode place(UUID eventId, Account account) {
		return http().get("/api/v1/events/" + eventId + "/queue/me")
			.bearer(account.token())
			.execute()
			.assertStatus(200)
			.json();
	}

	JsonNode queue(UUID eventId) {
		return http().get("/api/v1/events/" + eventId + "/queue").execute().assertStatus(200).json();
	}

	void awaitQueueState(UUID eventId, String state) {
		await().atMost(Duration.ofSeconds(10)).until(() -> state.equals(queue(eventId).path("state").asString()));
	}

	void awaitStatus(UUID eventId, Account account, String status) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> status.equals(place(eventId, account).path("status").asString()));
	}

	Http.Response reserve(Queued queued, Account buyer, int quantity) {
		return new OrdersApi(http()).reserve(buyer.token(), queued.eventId(), queued.sale().ticketTypeId(), quantity)
			.execute();
	}

	/** Admitted now, until a moment inside the queue's window (600 s) from now. */
	static void assertAdmitted(JsonNode place) {
		assertThat(place.path("status").asString()).isEqualTo("ADMITTED");
		assertThat(Instant.parse(place.path("admittedUntil").asString())).isAfter(Instant.now())
			.isBefore(Instant.now().plus(Duration.ofSeconds(601)));
	}

}
