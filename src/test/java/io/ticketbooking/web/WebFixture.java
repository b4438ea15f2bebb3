package io.ticketbooking.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.events.TestEventRequests;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.TestAccounts.Account;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the browser tests share: accounts that can sign in, events, paid orders. */
abstract class WebFixture extends ApplicationFixture {

	static final String PASSWORD = "correct horse battery staple";

	/** A real account with a password, so it can sign in through the pages. */
	record Person(UUID id, String email, String token) {
	}

	Person register(String fullName, String... roles) {
		String email = "web-" + UUID.randomUUID() + "@test.example";
		Http.Response registered = http()
			.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "fullName", fullName))
			.execute();
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		UUID id = UUID.fromString(registered.json().path("user").path("id").asString());
		if (roles.length > 0) {
			this.jdbc.sql("update users set roles = :roles where id = :id")
				.param("roles", roles)
				.param("id", id)
				.update();
		}
		Http.Response login = http().post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD)).execute();
		return new Person(id, email, login.json().path("accessToken").asString());
	}

	record Sale(String eventId, String name, String vipTypeId, String festivalTypeId) {
	}

	/** An event on sale now (VIP: 50 at most 2 each; Festival: 500 at most 4 each). */
	Sale event(String organizerToken, boolean withImage) {
		String name = "Konser " + UUID.randomUUID().toString().substring(0, 8);
		Http.Response created = http().post("/api/v1/events", TestEventRequests.valid(name))
			.bearer(organizerToken)
			.execute();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode event = created.json();
		String id = event.path("id").asString();
		if (withImage) {
			Images.Multipart image = Images.multipart("file", "poster.png", "image/png", Images.png(640, 240));
			assertThat(http().send("PUT", "/api/v1/events/" + id + "/image", image.contentType(), image.body())
				.bearer(organizerToken)
				.execute()
				.status()).isEqualTo(200);
		}
		return new Sale(id, name, event.path("ticketTypes").path(0).path("id").asString(),
				event.path("ticketTypes").path(1).path("id").asString());
	}

	/** Reserves through the API and pays on the simulated provider's page. */
	String paidOrder(Account buyer, String eventId, String ticketTypeId, int quantity) {
		Http.Response order = http()
			.post("/api/v1/orders", Map.of("eventId", eventId, "ticketTypeId", ticketTypeId, "quantity", quantity))
			.bearer(buyer.token())
			.execute();
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		String orderId = order.json().path("id").asString();
		Http.Response payment = http().post("/api/v1/orders/" + orderId + "/payment", "")
			.bearer(buyer.token())
			.execute();
		assertThat(payment.status()).as(payment.toString()).isEqualTo(201);
		String checkout = URI.create(payment.json().path("checkoutUrl").asString()).getRawPath();
		Http.Response paid = http().send("POST", checkout + "/pay", "application/x-www-form-urlencoded", new byte[0])
			.execute();
		assertThat(paid.text()).contains("Payment received");
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
		return this.jdbc.sql("select qr_payload from tickets where order_id = :id::uuid order by unit_index limit 1")
			.param("id", orderId)
			.query(String.class)
			.single();
	}

	String orderStatus(String orderId) {
		return this.jdbc.sql("select status from orders where id = :id::uuid")
			.param("id", orderId)
			.query(String.class)
			.single();
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

}
