package io.ticketbooking.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.TestAccounts;

abstract class EventsFixture extends ApplicationFixture {

	/** A valid create request: the sale is open now, the event is in a month. */
	static Map<String, Object> eventRequest(String name) {
		Instant now = Instant.now();
		Map<String, Object> request = new HashMap<>();
		request.put("name", name);
		request.put("description", "An evening of music");
		request.put("venue", "Istora Senayan, Jakarta");
		request.put("timezone", "Asia/Jakarta");
		request.put("startsAt", now.plus(Duration.ofDays(30)).toString());
		request.put("endsAt", now.plus(Duration.ofDays(30)).plus(Duration.ofHours(4)).toString());
		request.put("salesStartAt", now.minus(Duration.ofMinutes(5)).toString());
		request.put("salesEndAt", now.plus(Duration.ofDays(29)).toString());
		request.put("ticketTypes",
				new ArrayList<>(List.of(ticketType("VIP", 1_500_000, 50, 2), ticketType("Festival", 750_000, 500, 4))));
		return request;
	}

	static Map<String, Object> ticketType(String name, long price, int capacity, int perUserLimit) {
		Map<String, Object> type = new HashMap<>();
		type.put("name", name);
		type.put("price", price);
		type.put("currency", "IDR");
		type.put("capacity", capacity);
		type.put("perUserLimit", perUserLimit);
		return type;
	}

	Http.Response create(TestAccounts.Account organizer, Map<String, Object> request) {
		return http().post("/api/v1/events", request).bearer(organizer.token()).execute();
	}

	static void assertProblem(Http.Response response, int status, String code) {
		org.assertj.core.api.Assertions.assertThat(response.status()).as(response.toString()).isEqualTo(status);
		org.assertj.core.api.Assertions.assertThat(response.contentType()).startsWith("application/problem+json");
		org.assertj.core.api.Assertions.assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

}
