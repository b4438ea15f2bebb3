package io.ticketbooking.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The waiting room in headless Chromium: a buyer joins a queued sale on the event page,
 * follows the place live, and buys through the form once admitted; the organizer watches
 * the line in the console and changes the rate during the sale. Admission is the real
 * admitter's, at the configured rate.
 */
@IntegrationTest
class WaitingRoomPageTests extends SharedBrowserFixture {

	@Test
	void aBuyerJoinsWaitsInLineLiveAndReservesThroughTheFormOnceAdmitted() {
		Account organizer = accounts().create("ORGANIZER");
		// one admission a second: the buyer behind five others waits a few seconds in
		// line
		OnSale sale = queuedSale(organizer, 60);
		awaitQueueState(sale.eventId(), "OPEN");
		Person buyer = atTheWaitingRoom(sale, "Ayu Lestari");
		assertThat(browser.find("#buy-section").isDisplayed()).as("no buy form before the buyer's turn").isFalse();
		assertThat(browser.text("#join-queue")).isEqualTo("Join the waiting room");
		browser.driver.executeScript("window.__notReloaded = true");
		for (int i = 0; i < 5; i++) {
			join(sale.eventId(), accounts().create()).assertStatus(200);
		}

		browser.click("#join-queue");
		awaitState("#waiting-room", "waiting");
		long position = place(sale.eventId(), buyer.token()).path("position").asLong();
		assertThat(position).isGreaterThan(5);
		assertThat(browser.text("#queue-position")).isEqualTo(Long.toString(position));
		assertThat(browser.text("#queue-headline")).contains("You are number " + position + " in line");
		long ahead = Long.parseLong(browser.text("#queue-ahead"));
		assertThat(ahead).isBetween(1L, 5L);
		assertThat(browser.find("#queue-progress").isDisplayed()).isTrue();
		assertThat(browser.text("#queue-wait")).isNotEmpty();
		// followed through the stream (fetch with the bearer token), not polled
		awaitState("#queue-live", "live");
		assertThat(browser.text("#queue-live")).isEqualTo("Your place updates live.");

		// the line moves on the page without a reload, then the waiting view turns into
		// the buy form
		browser.await((d) -> !browser.find("#queue-place").isDisplayed()
				|| Long.parseLong(browser.text("#queue-ahead")) < ahead);
		awaitState("#waiting-room", "admitted");
		assertThat((Boolean) browser.driver.executeScript("return window.__notReloaded === true")).isTrue();
		browser.awaitVisible("#buy-section");
		assertThat(browser.find("#queue-place").isDisplayed()).isFalse();
		assertThat(browser.find("#admission").getDomAttribute("data-state")).isEqualTo("counting");
		assertThat(browser.text("#admission-left")).matches("(9|10):\\d\\d");
		assertThat(browser.text("#queue-headline")).isEqualTo("It is your turn: reserve your tickets below.");
		assertThat(place(sale.eventId(), buyer.token()).path("status").asString()).isEqualTo("ADMITTED");

		browser.type("#quantity-" + sale.ticketTypeId(), "2");
		browser.click("#reserve");
		browser.await((d) -> d.getCurrentUrl().matches(".*/orders/[0-9a-f-]{36}$"));
		String orderId = browser.driver.getCurrentUrl().replaceAll(".*/orders/", "");
		assertThat(orderStatus(orderId)).isEqualTo("RESERVED");
		assertThat(this.jdbc.sql("select user_id from orders where id = :id::uuid")
			.param("id", orderId)
			.query(UUID.class)
			.single()).isEqualTo(buyer.id());
		browser.assertNoPageProblems();
	}

	@Test
	void signedOutVisitorsAreAskedToSignInToJoin() {
		OnSale sale = queuedSale(accounts().create("ORGANIZER"), 600);
		browser.open("/events/" + sale.eventId());
		awaitState("#waiting-room", "signed-out");
		assertThat(browser.text("#join-queue")).isEqualTo("Sign in to join the waiting room");
		assertThat(browser.find("#buy-section").isDisplayed()).isFalse();
		browser.click("#join-queue");
		browser.await((d) -> d.getCurrentUrl().contains("/login?next="));
		browser.assertNoPageProblems();
	}

	@Test
	void theOrganizerTurnsTheWaitingRoomOnWatchesTheLineAndChangesTheRate() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		UUID eventId = UUID.fromString(sale.eventId());
		String console = "/organizer/events/" + sale.eventId();
		signIn(browser, organizer.email(), console);
		awaitState("#queue", "off");
		assertThat(browser.find("#queue-console").isDisplayed()).isFalse();

		// on, with a rate of one a minute: whoever joins after the first waits in line
		browser.type("#queue-rate-setting", "1");
		browser.type("#queue-window", "300");
		browser.click("#queue-save");
		awaitState("#queue", "on");
		browser.awaitText("#message", "The waiting room is on.");
		JsonNode settings = eventJson(sale.eventId()).path("queue");
		assertThat(settings.path("ratePerMinute").asInt()).isEqualTo(1);
		assertThat(settings.path("admissionWindowSeconds").asInt()).isEqualTo(300);

		awaitQueueState(eventId, "OPEN");
		for (int i = 0; i < 4; i++) {
			join(eventId, accounts().create()).assertStatus(200);
		}
		browser.awaitText("#queue-state", "OPEN");
		browser.await((d) -> Long.parseLong(browser.text("#queue-waiting")) >= 3);
		assertThat(browser.text("#queue-rate")).isEqualTo("1 per minute");
		browser.awaitText("#queue-left", "550 of 550");
		assertThat(browser.find("#queue-stats-live").getDomAttribute("data-state")).isEqualTo("polling");

		// the rate goes up during the sale: the line empties
		browser.type("#queue-new-rate", "600");
		browser.click("#queue-rate-form button[type=submit]");
		browser.awaitText("#message", "The admission rate is now 600 per minute.");
		assertThat(eventJson(sale.eventId()).path("queue").path("ratePerMinute").asInt()).isEqualTo(600);
		browser.awaitText("#queue-rate", "600 per minute");
		browser.await((d) -> "0".equals(browser.text("#queue-waiting")));
		assertThat(browser.text("#queue-admitted")).isEqualTo("4");

		// and off again: anyone may buy
		browser.click("#queue-remove");
		awaitState("#queue", "off");
		assertThat(eventJson(sale.eventId()).path("queue").isNull()).isTrue();
		browser.assertNoPageProblems();
	}

	@Test
	void aPreQueueEntrantIsPlacedByTheDrawWhenTheSaleOpensWithoutAReload() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = queuedSale(organizer, 600, Instant.now().plus(Duration.ofHours(1)), 20);
		awaitQueueState(sale.eventId(), "PRE_QUEUE");
		Person buyer = atTheWaitingRoom(sale, "Dewi Sartika");
		assertThat(browser.text("#queue-headline")).contains("a fair draw places everyone who joined early");
		browser.driver.executeScript("window.__notReloaded = true");

		browser.click("#join-queue");
		awaitState("#waiting-room", "pre-queue");
		assertThat(browser.text("#queue-headline")).startsWith("You are in the waiting room. When the sale opens")
			.contains("you will be placed by a fair draw");
		assertThat(browser.find("#queue-place").isDisplayed()).as("no position before the draw").isFalse();
		assertThat(browser.find("#queue-draw").isDisplayed()).isFalse();
		assertThat(browser.find("#buy-section").isDisplayed()).isFalse();
		awaitState("#queue-live", "live");

		// the organizer opens the sale now: the admitter draws the pre-queue, and the
		// page
		// (following its stream) shows the draw and then the buyer's turn
		http()
			.patch("/api/v1/events/" + sale.eventId(), Map.of("salesStartAt", Instant.now().minusSeconds(1).toString()))
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		awaitState("#waiting-room", "admitted");
		JsonNode draw = http().get("/api/v1/events/" + sale.eventId() + "/queue")
			.execute()
			.assertStatus(200)
			.json()
			.path("draw");
		assertThat(draw.path("entrants").asLong()).isEqualTo(1);
		browser.awaitVisible("#queue-draw");
		assertThat(browser.text("#queue-draw")).contains("were placed by a draw")
			.contains("with the seed " + draw.path("seed").asString());
		browser.awaitVisible("#buy-section");
		assertThat((Boolean) browser.driver.executeScript("return window.__notReloaded === true")).isTrue();
		browser.assertNoPageProblems();
	}

	@Test
	void whenTheLastTicketIsSoldTheBuyerStillWaitingIsToldSoldOut() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = queuedSale(organizer, 600, Instant.now().minus(Duration.ofMinutes(1)), 1);
		awaitQueueState(sale.eventId(), "OPEN");
		Account first = accounts().create();
		join(sale.eventId(), first).assertStatus(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "ADMITTED".equals(place(sale.eventId(), first.token()).path("status").asString()));

		Person buyer = atTheWaitingRoom(sale, "Kartini Rahayu");
		browser.click("#join-queue");
		// the one ticket is the first buyer's to take: the line waits behind it
		awaitState("#waiting-room", "waiting");
		assertThat(browser.text("#queue-ahead")).isEqualTo("0");

		paidOrder(first, sale.eventId().toString(), sale.ticketTypeId().toString(), 1);
		awaitState("#waiting-room", "sold-out");
		assertThat(browser.text("#queue-headline")).isEqualTo("Sold out: there are no tickets left.");
		assertThat(browser.find("#join-queue").isDisplayed()).isFalse();
		assertThat(browser.find("#buy-section").isDisplayed()).isFalse();
		assertThat(place(sale.eventId(), buyer.token()).path("status").asString()).isEqualTo("SOLD_OUT");
		browser.assertNoPageProblems();
	}

	/**
	 * A new buyer, signed in on the sale's page, which offers to join its waiting room.
	 */
	@Test
	void anUnconfirmedBuyerIsAskedToConfirmTheAddressAndJoinsAfterFollowingTheLink() {
		OnSale sale = queuedSale(accounts().create("ORGANIZER"), 600);
		awaitQueueState(sale.eventId(), "OPEN");
		Person buyer = register("Una Confirmed");
		this.jdbc.sql("update users set email_verified_at = null where id = :id").param("id", buyer.id()).update();
		signIn(browser, buyer.email(), "/events/" + sale.eventId());
		awaitState("#waiting-room", "not-joined");

		browser.click("#join-queue");
		browser.awaitText("#queue-message", "Confirm your email address to join this waiting room");
		browser.click("#resend-verification");
		browser.awaitText("#queue-message", "A new link is on its way to " + buyer.email());

		String link = emailedLink(buyer.email());
		browser.open(link.substring(link.indexOf("/verify-email")));
		browser.awaitText("#status", "Your email address " + buyer.email() + " is confirmed");
		browser.open("/events/" + sale.eventId());
		awaitState("#waiting-room", "not-joined");
		browser.click("#join-queue");
		browser.await((d) -> !"not-joined".equals(browser.find("#waiting-room").getDomAttribute("data-state")),
				() -> "waited to join; page says: " + browser.bodyText());
		assertThat(browser.find("#resend-verification").isDisplayed()).isFalse();
		assertThat(place(sale.eventId(), buyer.token()).path("status").asString()).isIn("WAITING", "ADMITTED");
		browser.assertNoPageProblems();
	}

	/**
	 * The newest confirmation link mailed to {@code email}, read from the SMTP server.
	 */
	private String emailedLink(String email) {
		Pattern link = Pattern.compile("http://localhost:8000/verify-email\\?token=[A-Za-z0-9_-]+");
		String[] found = new String[1];
		browser.await((d) -> {
			for (MimeMessage message : EmbeddedInfrastructure.shared().mail().getReceivedMessages()) {
				String body = GreenMailUtil.getWholeMessage(message).replace("=\r\n", "").replace("=3D", "=");
				Matcher matcher = link.matcher(body);
				if (body.contains(email) && matcher.find()) {
					found[0] = matcher.group();
				}
			}
			return found[0] != null && found[0].length() > 0;
		});
		return found[0];
	}

	private Person atTheWaitingRoom(OnSale sale, String name) {
		Person buyer = register(name);
		signIn(browser, buyer.email(), "/events/" + sale.eventId());
		awaitState("#waiting-room", "not-joined");
		return buyer;
	}

	private JsonNode eventJson(String eventId) {
		return http().get("/api/v1/events/" + eventId).execute().assertStatus(200).json();
	}

	private void awaitState(String css, String state) {
		browser.await((d) -> state.equals(browser.find(css).getDomAttribute("data-state")),
				() -> "waited for " + css + " to be " + state + "; page says: " + browser.bodyText());
	}

}
