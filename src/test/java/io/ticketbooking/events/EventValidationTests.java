package io.ticketbooking.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of a valid event, broken once: 422 naming the field. */
@IntegrationTest
class EventValidationTests extends EventsFixture {

	private Account organizer;

	@BeforeEach
	void organizer() {
		this.organizer = accounts().create("ORGANIZER");
	}

	@Test
	void endMustBeAfterStart() {
		assertRejected("endsAt", (r) -> r.put("endsAt", r.get("startsAt")));
	}

	@Test
	void saleWindowMustCloseBeforeTheEventEnds() {
		assertRejected("salesEndAt", (r) -> r.put("salesEndAt",
				Instant.parse((String) r.get("endsAt")).plus(Duration.ofHours(1)).toString()));
	}

	@Test
	void saleMustEndAfterItStarts() {
		assertRejected("salesEndAt", (r) -> r.put("salesEndAt", r.get("salesStartAt")));
	}

	@Test
	void capacityMustBeBetweenOneAndAMillion() {
		assertRejected("ticketTypes[0].capacity", (r) -> type(r).put("capacity", 0));
		assertRejected("ticketTypes[0].capacity", (r) -> type(r).put("capacity", 1_000_001));
	}

	@Test
	void perUserLimitMustBeWithinCapacity() {
		assertRejected("ticketTypes[0].perUserLimit", (r) -> type(r).put("perUserLimit", 0));
		assertRejected("ticketTypes[0].perUserLimit", (r) -> type(r).put("perUserLimit", 51));
	}

	@Test
	void currencyMustBeKnown() {
		assertRejected("ticketTypes[0].currency", (r) -> type(r).put("currency", "XYZ"));
		assertRejected("ticketTypes[0].currency", (r) -> type(r).put("currency", "rupiah"));
	}

	@Test
	void timezoneMustBeKnown() {
		assertRejected("timezone", (r) -> r.put("timezone", "Mars/Olympus_Mons"));
	}

	@Test
	void needsAtLeastOneTicketType() {
		assertRejected("ticketTypes", (r) -> r.put("ticketTypes", List.of()));
	}

	@Test
	void needsANameAndVenue() {
		assertRejected("name", (r) -> r.put("name", "  "));
		assertRejected("venue", (r) -> r.remove("venue"));
	}

	@Test
	void priceCannotBeNegative() {
		assertRejected("ticketTypes[0].price", (r) -> type(r).put("price", -1));
	}

	@Test
	void capacitiesCannotBePatched() {
		String id = create(this.organizer, EventRequests.valid("Fixed")).json().path("id").asString();
		Http.Response response = http()
			.patch("/api/v1/events/" + id, Map.of("ticketTypes", List.of(EventRequests.ticketType("More", 1, 5000, 1))))
			.bearer(this.organizer.token())
			.execute();
		assertProblem(response, 422, "VALIDATION_FAILED");
		assertThat(response.json().path("errors").toString()).contains("ticketTypes");
		Http.Response badWindow = http()
			.patch("/api/v1/events/" + id, Map.of("salesEndAt", Instant.now().plus(Duration.ofDays(90)).toString()))
			.bearer(this.organizer.token())
			.execute();
		assertProblem(badWindow, 422, "VALIDATION_FAILED");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> type(Map<String, Object> request) {
		return (Map<String, Object>) ((List<Object>) request.get("ticketTypes")).get(0);
	}

	private void assertRejected(String field, Consumer<Map<String, Object>> breakIt) {
		Map<String, Object> request = EventRequests.valid("Invalid");
		breakIt.accept(request);
		Http.Response response = create(this.organizer, request);
		assertProblem(response, 422, "VALIDATION_FAILED");
		assertThat(response.json().path("errors").findValuesAsString("field")).as(response.toString()).contains(field);
	}

}
