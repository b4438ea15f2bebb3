package io.ticketbooking.web;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.OrderRows;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * What the web tests share: the server, accounts that can sign in, events, paid orders.
 */
abstract class WebFixture extends ApplicationFixture {

	static final String PASSWORD = "correct horse battery staple";

	/** A real account with a password, so it can sign in through the pages. */
	record Person(UUID id, String email, String token) {
	}

	Person register(String fullName, String... roles) {
		String email = "web-" + UUID.randomUUID() + "@test.example";
		AuthApi auth = new AuthApi(http());
		JsonNode registered = auth.register(email, PASSWORD, fullName).assertStatus(201).json();
		UUID id = UUID.fromString(registered.path("user").path("id").asString());
		if (roles.length > 0) {
			this.jdbc.sql("update users set roles = :roles where id = :id")
				.param("roles", roles)
				.param("id", id)
				.update();
		}
		// as if the link had been followed (the tests' waiting rooms want confirmed
		// addresses)
		this.jdbc.sql("update users set email_verified_at = now() where id = :id").param("id", id).update();
		return new Person(id, email, auth.login(email, PASSWORD).json().path("accessToken").asString());
	}

	record Sale(String eventId, String name, String vipTypeId, String festivalTypeId) {
	}

	/** An event on sale now (VIP: 50 at most 2 each; Festival: 500 at most 4 each). */
	Sale event(String organizerToken, boolean withImage) {
		String name = "Konser " + UUID.randomUUID().toString().substring(0, 8);
		EventsApi events = new EventsApi(http());
		JsonNode event = events.create(organizerToken, EventRequests.valid(name)).assertStatus(201).json();
		String id = event.path("id").asString();
		if (withImage) {
			events.uploadImage(organizerToken, id, Images.png(640, 240));
		}
		return new Sale(id, name, event.path("ticketTypes").path(0).path("id").asString(),
				event.path("ticketTypes").path(1).path("id").asString());
	}

	/** Reserves through the API and pays on the simulated provider's page. */
	String paidOrder(Account buyer, String eventId, String ticketTypeId, int quantity) {
		OrdersApi orders = new OrdersApi(http());
		String orderId = orders.reserved(buyer.token(), eventId, ticketTypeId, quantity);
		orders.payOnCheckoutPage(buyer.token(), orderId);
		await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(orderStatus(orderId)));
		return orderId;
	}

	/** The QR payloads of the order's tickets, once issued. */
	String qrPayload(String orderId) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from tickets where order_id = :id::uuid")
				.param("id", orderId)
				.query(Integer.class)
				.single() > 0);
		return new OrderRows(this.jdbc).qrPayload(orderId);
	}

	String orderStatus(String orderId) {
		return new OrderRows(this.jdbc).status(orderId);
	}

	/** Signs in through the login page and waits for the redirect. */
	void signIn(Browser browser, String email, String next) {
		browser.open("/login?next=" + next);
		browser.type("#login-email", email);
		browser.type("#login-password", PASSWORD);
		browser.click("#login-form button[type=submit]");
		browser.await((d) -> d.getCurrentUrl().endsWith(next)
				&& "complete".equals(browser.driver.executeScript("return document.readyState")));
	}

	/**
	 * A sale of 20 (at most 4 each) open since a minute ago, queued with the given rate;
	 * its pre-queue opened an hour ago.
	 */
	OnSale queuedSale(Account organizer, int ratePerMinute) {
		return queuedSale(organizer, ratePerMinute, Instant.now().minus(Duration.ofMinutes(1)), 20);
	}

	/**
	 * As {@link #queuedSale(Account, int)}, with {@code capacity} units sold from
	 * {@code salesStart}.
	 */
	OnSale queuedSale(Account organizer, int ratePerMinute, Instant salesStart, int capacity) {
		OnSale sale = events().create(organizer.id(), capacity, Math.min(4, capacity), salesStart,
				Instant.now().plus(Duration.ofDays(1)));
		Map<String, Object> settings = new HashMap<>();
		settings.put("preQueueOpensAt", Instant.now().minus(Duration.ofHours(1)).toString());
		settings.put("ratePerMinute", ratePerMinute);
		settings.put("admissionWindowSeconds", 600);
		http().put("/api/v1/events/" + sale.eventId() + "/queue/settings", settings)
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		return sale;
	}

	Http.Response join(UUID eventId, Account account) {
		return http().post("/api/v1/events/" + eventId + "/queue", Map.of()).bearer(account.token()).execute();
	}

	JsonNode place(UUID eventId, String token) {
		return http().get("/api/v1/events/" + eventId + "/queue/me").bearer(token).execute().assertStatus(200).json();
	}

	void awaitQueueState(UUID eventId, String state) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> state.equals(http().get("/api/v1/events/" + eventId + "/queue")
				.execute()
				.assertStatus(200)
				.json()
				.path("state")
				.asString()));
	}

}
