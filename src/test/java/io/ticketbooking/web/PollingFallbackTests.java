package io.ticketbooking.web;

import java.util.Map;

import io.ticketbooking.live.LiveStreams;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance whose stream budget is spent (here: a budget of none) refuses every stream;
 * the event page polls the availability instead and its number still follows a sale made
 * elsewhere, and a waiting room's page polls its place until the buyer's turn, without a
 * reload.
 */
@IntegrationTest
// its own application, closed after the class: its settings are for this test only, and
// alive it would consume order.confirmed and sign tickets with its own ephemeral key
@DirtiesContext
@TestPropertySource(properties = "live.max-streams=0")
class PollingFallbackTests extends WebFixture {

	@Autowired
	LiveStreams streams;

	@Test
	void anEventPageWhoseStreamIsRefusedKeepsALiveNumberByPolling() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Http.Response refused = http().get("/api/v1/events/" + sale.eventId() + "/availability/stream").execute();
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.json().path("code").asString()).isEqualTo("TOO_MANY_SUBSCRIBERS");

		try (Browser browser = Browser.start(this.port)) {
			browser.open("/events/" + sale.eventId());
			browser.await((d) -> "polling".equals(browser.find("#live").getDomAttribute("data-state")));
			assertThat(browser.text("#live")).isEqualTo("Availability updates every few seconds.");
			String cell = "#available-" + sale.vipTypeId();
			browser.awaitText(cell, "50");
			browser.driver.executeScript("window.__notReloaded = true");

			Account someoneElse = accounts().create();
			Http.Response order = http()
				.post("/api/v1/orders",
						Map.of("eventId", sale.eventId(), "ticketTypeId", sale.vipTypeId(), "quantity", 2))
				.bearer(someoneElse.token())
				.execute();
			assertThat(order.status()).as(order.toString()).isEqualTo(201);

			browser.await((d) -> "48".equals(browser.text(cell)));
			assertThat((Boolean) browser.driver.executeScript("return window.__notReloaded === true")).isTrue();
			assertThat(browser.find("#live").getDomAttribute("data-state")).isEqualTo("polling");
			assertThat(this.streams.openStreams()).isZero();
			browser.assertNoPageProblems();

			// the organizer's console reloads its figures instead
			signIn(browser, organizer.email(), "/organizer/events/" + sale.eventId());
			browser.await((d) -> "polling".equals(browser.find("#live").getDomAttribute("data-state")));
			browser.awaitText("#held-" + sale.vipTypeId(), "2");
			Http.Response another = http()
				.post("/api/v1/orders",
						Map.of("eventId", sale.eventId(), "ticketTypeId", sale.vipTypeId(), "quantity", 1))
				.bearer(accounts().create().token())
				.execute();
			assertThat(another.status()).as(another.toString()).isEqualTo(201);
			browser.await((d) -> "3".equals(browser.text("#held-" + sale.vipTypeId())));
			browser.assertNoPageProblems();
		}
	}

	@Test
	void aWaitingRoomPageWhoseStreamIsRefusedFollowsItsPlaceByPolling() {
		Account organizer = accounts().create("ORGANIZER");
		// one admission a second: the buyer behind five others waits a few seconds
		TestEvents.OnSale sale = queuedSale(organizer, 60);
		awaitQueueState(sale.eventId(), "OPEN");
		Person buyer = register("Sri Mulyani");
		try (Browser browser = Browser.start(this.port)) {
			signIn(browser, buyer.email(), "/events/" + sale.eventId());
			browser.await((d) -> "not-joined".equals(browser.find("#waiting-room").getDomAttribute("data-state")));
			browser.driver.executeScript("window.__notReloaded = true");
			// the others join just before the buyer: a slow sign-in (a busy machine) must
			// not
			// leave the queue empty, or the join is admitted at once and never polls
			for (int i = 0; i < 5; i++) {
				join(sale.eventId(), accounts().create()).assertStatus(200);
			}
			browser.click("#join-queue");
			browser.await((d) -> "polling".equals(browser.find("#queue-live").getDomAttribute("data-state")));
			assertThat(browser.text("#queue-live")).isEqualTo("Your place updates every few seconds.");
			assertThat(this.streams.openStreams()).isZero();

			// the place moves by polls alone until it is the buyer's turn
			browser.await((d) -> "admitted".equals(browser.find("#waiting-room").getDomAttribute("data-state")));
			browser.awaitVisible("#buy-section");
			assertThat((Boolean) browser.driver.executeScript("return window.__notReloaded === true")).isTrue();
			assertThat(place(sale.eventId(), buyer.token()).path("status").asString()).isEqualTo("ADMITTED");
			browser.assertNoPageProblems();
		}
	}

}
