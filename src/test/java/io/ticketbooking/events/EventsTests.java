package io.ticketbooking.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Organizers create and manage their events; everyone browses them. */
@IntegrationTest
class EventsTests extends EventsFixture {

	@Test
	void organizerCreatesAnEventWithTwoTicketTypesAndAnImage() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Http.Response created = create(organizer, EventRequests.valid("Konser Akbar " + UUID.randomUUID()));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode event = created.json();
		String id = event.path("id").asString();
		assertThat(event.path("organizerId").asString()).isEqualTo(organizer.id().toString());
		assertThat(event.path("status").asString()).isEqualTo("PUBLISHED");
		assertThat(event.path("ticketTypes")).hasSize(2);
		assertThat(event.path("ticketTypes").path(0).path("id").asString()).isNotBlank();
		assertThat(event.path("ticketTypes").path(0).path("available").asInt()).isEqualTo(50);
		assertThat(event.path("ticketTypes").path(1).path("available").asInt()).isEqualTo(500);

		byte[] png = Images.png(64, 48);
		Images.Multipart upload = Images.multipart("file", "poster.png", "image/png", png);
		Http.Response withImage = http()
			.send("PUT", "/api/v1/events/" + id + "/image", upload.contentType(), upload.body())
			.bearer(organizer.token())
			.execute();
		assertThat(withImage.status()).as(withImage.toString()).isEqualTo(200);
		String imageUrl = withImage.json().path("imageUrl").asString();
		Http.Response fetched = Http.fetch(imageUrl);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.bytes()).isEqualTo(png);
	}

	@Test
	void customersCannotCreateAndOtherOrganizersCannotChangeAnEvent() {
		assertProblem(create(accounts().create(), EventRequests.valid("Nope")), 403, "FORBIDDEN");
		assertProblem(http().post("/api/v1/events", EventRequests.valid("Nope")).execute(), 401, "UNAUTHORIZED");

		Account owner = accounts().create("ORGANIZER");
		String id = create(owner, EventRequests.valid("Mine")).json().path("id").asString();
		Account other = accounts().create("ORGANIZER");
		assertProblem(http().patch("/api/v1/events/" + id, Map.of("name", "Hijacked")).bearer(other.token()).execute(),
				403, "FORBIDDEN");
		Images.Multipart upload = Images.multipart("file", "x.png", "image/png", Images.png(8, 8));
		assertProblem(http().send("PUT", "/api/v1/events/" + id + "/image", upload.contentType(), upload.body())
			.bearer(other.token())
			.execute(), 403, "FORBIDDEN");
		assertProblem(http().post("/api/v1/events/" + id + "/cancel", Map.of()).bearer(other.token()).execute(), 403,
				"FORBIDDEN");

		Http.Response renamed = http().patch("/api/v1/events/" + id, Map.of("name", "Mine, renamed"))
			.bearer(owner.token())
			.execute();
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.json().path("name").asString()).isEqualTo("Mine, renamed");
		assertThat(http().patch("/api/v1/events/" + id, Map.of("venue", "Admin was here"))
			.bearer(accounts().create("ADMIN").token())
			.execute()
			.status()).isEqualTo(200);
	}

	@Test
	void anyoneBrowsesSearchesAndPages() {
		Account organizer = accounts().create("ORGANIZER");
		String tag = UUID.randomUUID().toString().substring(0, 8);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(create(organizer, EventRequests.valid("Jazz Night " + tag + " #" + i)).json()
				.path("id")
				.asString());
		}

		JsonNode first = http().get("/api/v1/events?q=jazz+night+" + tag + "&page=0&size=2").execute().json();
		assertThat(first.path("totalItems").asInt()).isEqualTo(3);
		assertThat(first.path("items")).hasSize(2);
		assertThat(first.path("page").asInt()).isZero();
		assertThat(first.path("size").asInt()).isEqualTo(2);
		JsonNode second = http().get("/api/v1/events?q=" + tag + "&page=1&size=2").execute().json();
		assertThat(second.path("items")).hasSize(1);
		assertThat(second.path("items").path(0).path("ticketTypes").path(1).path("available").asInt()).isEqualTo(500);

		JsonNode detail = http().get("/api/v1/events/" + ids.get(0)).execute().json();
		assertThat(detail.path("name").asString()).endsWith("#0");
		assertThat(detail.path("ticketTypes").path(0).path("available").asInt()).isEqualTo(50);
		assertThat(detail.path("ticketTypes").path(0).path("capacity").asInt()).isEqualTo(50);

		JsonNode byVenue = http().get("/api/v1/events?q=senayan&size=100").execute().json();
		assertThat(byVenue.path("totalItems").asInt()).isGreaterThanOrEqualTo(3);
		String farFuture = Instant.now().plus(Duration.ofDays(365)).toString();
		assertThat(http().get("/api/v1/events?q=" + tag + "&from=" + farFuture)
			.execute()
			.json()
			.path("totalItems")
			.asInt()).isZero();
		assertThat(http().get("/api/v1/events?q=%25").execute().status()).isEqualTo(200);

		assertProblem(http().get("/api/v1/events?size=1000").execute(), 422, "VALIDATION_FAILED");
		assertProblem(http().get("/api/v1/events?from=yesterday").execute(), 400, "INVALID_PARAMETER");
		assertProblem(http().get("/api/v1/events/" + UUID.randomUUID()).execute(), 404, "NOT_FOUND");
		assertProblem(http().get("/api/v1/events/not-a-uuid").execute(), 400, "INVALID_PARAMETER");
	}

	@Test
	void availabilityShowsCapacityAndStock() {
		Account organizer = accounts().create("ORGANIZER");
		String id = create(organizer, EventRequests.valid("Availability")).json().path("id").asString();
		JsonNode availability = http().get("/api/v1/events/" + id + "/availability").execute().json();
		assertThat(availability.path("eventId").asString()).isEqualTo(id);
		assertThat(availability.path("ticketTypes").path(0).path("capacity").asInt()).isEqualTo(50);
		assertThat(availability.path("ticketTypes").path(0).path("available").asInt()).isEqualTo(50);
	}

	@Test
	void cancellingStopsTheSale() {
		Account organizer = accounts().create("ORGANIZER");
		JsonNode event = create(organizer, EventRequests.valid("To be cancelled")).json();
		String id = event.path("id").asString();
		Http.Response cancelled = http().post("/api/v1/events/" + id + "/cancel", Map.of())
			.bearer(organizer.token())
			.execute();
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
		assertThat(http().get("/api/v1/events/" + id).execute().json().path("status").asString())
			.isEqualTo("CANCELLED");

		Http.Response reserve = http()
			.post("/api/v1/orders", Map.of("eventId", id, "ticketTypeId",
					event.path("ticketTypes").path(0).path("id").asString(), "quantity", 1))
			.bearer(accounts().create().token())
			.execute();
		assertProblem(reserve, 409, "SALE_CLOSED");
	}

	@Test
	void imagesAreCheckedByTheirBytes() {
		Account organizer = accounts().create("ORGANIZER");
		String id = create(organizer, EventRequests.valid("Images")).json().path("id").asString();
		String path = "/api/v1/events/" + id + "/image";

		Images.Multipart text = Images.multipart("file", "poster.png", "image/png", "just text".getBytes());
		assertProblem(http().send("PUT", path, text.contentType(), text.body()).bearer(organizer.token()).execute(),
				415, "UNSUPPORTED_IMAGE");
		Images.Multipart empty = Images.multipart("file", "poster.png", "image/png", new byte[0]);
		assertProblem(http().send("PUT", path, empty.contentType(), empty.body()).bearer(organizer.token()).execute(),
				415, "UNSUPPORTED_IMAGE");
		Images.Multipart wrongPart = Images.multipart("picture", "poster.png", "image/png", Images.png(4, 4));
		assertProblem(
				http().send("PUT", path, wrongPart.contentType(), wrongPart.body()).bearer(organizer.token()).execute(),
				400, "MISSING_PART");
		byte[] big = new byte[6 * 1024 * 1024];
		System.arraycopy(Images.png(4, 4), 0, big, 0, 8);
		Images.Multipart huge = Images.multipart("file", "poster.png", "image/png", big);
		assertProblem(http().send("PUT", path, huge.contentType(), huge.body()).bearer(organizer.token()).execute(),
				413, "PAYLOAD_TOO_LARGE");
		assertThat(http().get("/api/v1/events/" + id).execute().json().path("imageUrl").isNull()).isTrue();
	}

}
