package io.ticketbooking.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes docs/screenshots: every page at phone (390 px) and desktop (1280 px) width. Not
 * a test: its name keeps it out of the normal run, and it runs only when named (see
 * docs/web.md):
 * {@code ./mvnw verify -Dtest=WebScreenshots -Dsurefire.failIfNoSpecifiedTests=false}
 */
@IntegrationTest
class WebScreenshots extends WebFixture {

	@Test
	void screenshotsOfEveryPage() throws Exception {
		Path target = Path.of("docs", "screenshots");
		Files.createDirectories(target);
		Person organizer = register("Olivia Organizer", "ORGANIZER");
		Sale sale = event(organizer.token(), true);
		Person customer = register("Budi Santoso");
		Account other = accounts().create();
		paidOrder(other, sale.eventId(), sale.festivalTypeId(), 3);
		String ticketPayload = qrPayload(paidOrder(other, sale.eventId(), sale.vipTypeId(), 1));
		String reserved = http()
			.post("/api/v1/orders", Map.of("eventId", sale.eventId(), "ticketTypeId", sale.vipTypeId(), "quantity", 1))
			.bearer(customer.token())
			.execute()
			.json()
			.path("id")
			.asString();

		try (Browser browser = Browser.start(this.port)) {
			browser.forgetSession();
			browser.open("/");
			browser.awaitVisible("#events li");
			shot(browser, target, "storefront");
			browser.open("/events/" + sale.eventId());
			browser.await((d) -> "live".equals(browser.find("#live").getDomAttribute("data-state")));
			shot(browser, target, "event");
			browser.open("/login");
			shot(browser, target, "login");

			signIn(browser, customer.email(), "/orders/" + reserved);
			browser.awaitText("#order-status", "Reserved");
			browser.click("#checkout");
			browser.awaitVisible("#checkout-link");
			shot(browser, target, "order-reserved");
			String paidByCustomer = paidOrder(asAccount(customer), sale.eventId(), sale.festivalTypeId(), 2);
			browser.open("/orders/" + paidByCustomer);
			browser.await((d) -> browser.findAll("#tickets button.download").size() == 2);
			shot(browser, target, "order-paid");
			browser.open("/orders");
			browser.awaitVisible("#orders");
			shot(browser, target, "orders");

			browser.forgetSession();
			signIn(browser, organizer.email(), "/organizer");
			browser.awaitVisible("#events section");
			shot(browser, target, "organizer");
			browser.open("/organizer/new");
			browser.awaitVisible("#type-0-name");
			shot(browser, target, "organizer-new");
			browser.open("/organizer/events/" + sale.eventId());
			browser.awaitVisible("#sales tr");
			shot(browser, target, "organizer-event");
			browser.open("/scan");
			browser.type("#payload", ticketPayload);
			browser.click("#paste button[type=submit]");
			browser.awaitText("#result-title", "ADMITTED");
			shot(browser, target, "scan-admitted");
			browser.click("#paste button[type=submit]");
			browser.awaitText("#result-title", "ALREADY CHECKED IN");
			shot(browser, target, "scan-already");
		}
		assertThat(target.resolve("scan-already-390.png")).exists();
	}

	private static Account asAccount(Person person) {
		return new Account(person.id(), person.email(), person.token());
	}

	private static void shot(Browser browser, Path target, String name) throws Exception {
		browser.assertNoPageProblems();
		for (int width : new int[] { 390, 1280 }) {
			Files.write(target.resolve(name + "-" + width + ".png"), browser.screenshot(width));
		}
	}

}
