package io.ticketbooking.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;

/**
 * A sale opened through one instance's API, as people open one: an organizer (made one by
 * the admin) creates an event with one ticket type, and buyers sign up.
 */
record Sale(UUID eventId, UUID ticketTypeId, int capacity, List<Buyer> buyers, String organizerToken) {

	private static final String PASSWORD = "a fine password";

	record Buyer(String email, String token) {
	}

	static Sale open(ServiceInstance instance, int capacity, int perUserLimit, int buyerCount) {
		Http http = new Http(instance.port);
		AuthApi auth = new AuthApi(http);
		String admin = login(auth, "admin@ticketbooking.local", "dev-only-admin-password");
		String organizerEmail = "faults-organizer-" + UUID.randomUUID() + "@example.com";
		register(auth, organizerEmail);
		String organizerId = http.get("/api/v1/users/me")
			.bearer(login(auth, organizerEmail, PASSWORD))
			.execute()
			.json()
			.path("id")
			.asString();
		http.post("/api/v1/admin/users/" + organizerId + "/roles", Map.of("roles", List.of("ORGANIZER")))
			.bearer(admin)
			.execute()
			.assertStatus(200);
		String organizer = login(auth, organizerEmail, PASSWORD);
		Map<String, Object> event = EventRequests.valid("Faults mid-sale " + Instant.now());
		event.put("ticketTypes", List.of(EventRequests.ticketType("Standing", 50_000, capacity, perUserLimit)));
		Http.Response created = new EventsApi(http).create(organizer, event).assertStatus(201);
		UUID eventId = UUID.fromString(created.json().path("id").asString());
		UUID ticketTypeId = UUID.fromString(created.json().path("ticketTypes").get(0).path("id").asString());
		List<Buyer> buyers = new ArrayList<>();
		for (int i = 0; i < buyerCount; i++) {
			String email = "faults-buyer-" + i + "-" + UUID.randomUUID() + "@example.com";
			buyers.add(new Buyer(email, register(auth, email)));
		}
		return new Sale(eventId, ticketTypeId, capacity, buyers, organizer);
	}

	/** Signs up with the suite's password; answers the access token. */
	private static String register(AuthApi auth, String email) {
		return auth.register(email, PASSWORD, "Fault Tester").assertStatus(201).json().path("accessToken").asString();
	}

	private static String login(AuthApi auth, String email, String password) {
		return auth.login(email, password).assertStatus(200).json().path("accessToken").asString();
	}

}
