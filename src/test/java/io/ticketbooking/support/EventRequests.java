package io.ticketbooking.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Bodies for creating events through the API, changeable by the test that uses them. */
public final class EventRequests {

	private EventRequests() {
	}

	/**
	 * A valid create request: the sale is open now, the event is in a month. Two ticket
	 * types: VIP (50 at most 2 each) and Festival (500 at most 4 each).
	 */
	public static Map<String, Object> valid(String name) {
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

	public static Map<String, Object> ticketType(String name, long price, int capacity, int perUserLimit) {
		Map<String, Object> type = new HashMap<>();
		type.put("name", name);
		type.put("price", price);
		type.put("currency", "IDR");
		type.put("capacity", capacity);
		type.put("perUserLimit", perUserLimit);
		return type;
	}

}
