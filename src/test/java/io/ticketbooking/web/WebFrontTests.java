package io.ticketbooking.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web front end to end in headless Chromium: every step goes through the pages, and
 * every outcome is checked in the API or the database. One browser serves the class.
 */
@IntegrationTest
class WebFrontTests extends SharedBrowserFixture {

	@Autowired
	RabbitListenerEndpointRegistry listeners;

	@Test
	void customerFindsAnEventRegistersBuysPaysAndDownloadsTheTicketPdf() throws Exception {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), true);

		browser.open("/");
		browser.type("#q", sale.name());
		browser.click("form.search button[type=submit]");
		browser.awaitText("#status", "1 event");
		browser.click("#events a");

		browser.awaitText("#event-name", sale.name());
		browser.awaitVisible("#event-image");
		assertThat((Long) browser.driver.executeScript("return document.getElementById('event-image').naturalWidth"))
			.as("the poster loads under the CSP")
			.isPositive();
		browser.assertNoPageProblems();
		browser.click("#reserve"); // signed out: to the sign-in page and back

		browser.await((d) -> d.getCurrentUrl().contains("/login?next="));
		String email = "buyer-" + UUID.randomUUID() + "@test.example";
		browser.type("#register-name", "Budi Santoso");
		browser.type("#register-email", email);
		browser.type("#register-password", PASSWORD);
		browser.click("#register-form button[type=submit]");
		browser.await((d) -> d.getCurrentUrl().endsWith("/events/" + sale.eventId()));

		browser.awaitText("#reserve", "Reserve tickets");
		browser.type("#quantity-" + sale.festivalTypeId(), "2");
		browser.click("#reserve");

		browser.await((d) -> d.getCurrentUrl().contains("/orders/"));
		String orderId = browser.driver.getCurrentUrl().replaceAll(".*/orders/", "");
		browser.awaitText("#order-status", "Reserved");
		assertThat(browser.text("#countdown")).matches("(09|10):\\d\\d");
		assertThat(browser.text("#order-tickets")).isEqualTo("2 × Festival");
		assertThat(orderStatus(orderId)).isEqualTo("RESERVED");

		payOnTheProvidersPage();

		browser.awaitText("#order-status", "Paid");
		assertThat(orderStatus(orderId)).isEqualTo("CONFIRMED");
		browser.await((d) -> browser.findAll("#tickets button.download").size() == 2);
		String code = browser.text("#tickets li .code");
		browser.click("#tickets button.download");

		Path pdf = browser.downloads.resolve("ticket-" + code + ".pdf");
		browser.await((d) -> Files.exists(pdf) && !partialDownloads());
		byte[] bytes = Files.readAllBytes(pdf);
		assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		try (PDDocument document = Loader.loadPDF(bytes)) {
			assertThat(new PDFTextStripper().getText(document)).contains(sale.name()).contains(code);
		}
		browser.assertNoPageProblems();

		browser.open("/orders");
		browser.awaitText("#orders tbody", sale.name());
		assertThat(browser.text("#orders tbody")).contains("Paid");
	}

	/**
	 * From a reserved order's page: checkout, pay on the simulated provider's page in its
	 * own window, and back.
	 */
	private void payOnTheProvidersPage() {
		browser.click("#checkout");
		browser.awaitVisible("#checkout-link");
		String shop = browser.driver.getWindowHandle();
		browser.click("#checkout-link");
		browser.await((d) -> d.getWindowHandles().size() == 2);
		String provider = browser.driver.getWindowHandles().stream().filter((h) -> !h.equals(shop)).findFirst().get();
		browser.driver.switchTo().window(provider);
		browser.awaitText("h1", "Simulated checkout");
		browser.click("form[action$='/pay'] button");
		browser.awaitText("body", "Payment received");
		browser.driver.close();
		browser.driver.switchTo().window(shop);
	}

	@Test
	void aCartOfTwoTicketTypesIsReservedPaidAndIssuedThroughThePages() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Person buyer = register("Siti Rahma");
		signIn(browser, buyer.email(), "/events/" + sale.eventId());
		browser.awaitText("#reserve", "Reserve tickets");

		browser.type("#quantity-" + sale.vipTypeId(), "1");
		browser.type("#quantity-" + sale.festivalTypeId(), "2");
		browser.awaitText("#cart-total", "3 tickets, IDR");
		browser.click("#reserve");

		browser.await((d) -> d.getCurrentUrl().matches(".*/orders/[0-9a-f-]{36}$"));
		String orderId = browser.driver.getCurrentUrl().replaceAll(".*/orders/", "");
		browser.awaitText("#order-status", "Reserved");
		assertThat(browser.text("#order-tickets")).isEqualTo("1 × VIP, 2 × Festival");
		assertThat(this.jdbc.sql("select count(*) from order_lines where order_id = :id::uuid")
			.param("id", orderId)
			.query(Integer.class)
			.single()).isEqualTo(2);

		payOnTheProvidersPage();
		browser.awaitText("#order-status", "Paid");
		browser.await((d) -> browser.findAll("#tickets button.download").size() == 3);
		assertThat(browser.text("#tickets")).contains("VIP · Siti Rahma").contains("Festival · Siti Rahma");
		assertThat(
				this.jdbc.sql("select count(*) from tickets where order_id = :id::uuid and ticket_type_id = :vip::uuid")
					.param("id", orderId)
					.param("vip", sale.vipTypeId())
					.query(Integer.class)
					.single())
			.isEqualTo(1);
		browser.assertNoPageProblems();
	}

	@Test
	void thePaidOrdersPageShowsEachTicketWhileItsPdfIsPrintedThenItsDownload() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Person buyer = register("Dewi Lestari");
		signIn(browser, buyer.email(), "/events/" + sale.eventId());
		browser.awaitText("#reserve", "Reserve tickets");
		browser.type("#quantity-" + sale.festivalTypeId(), "2");
		browser.click("#reserve");
		browser.await((d) -> d.getCurrentUrl().matches(".*/orders/[0-9a-f-]{36}$"));
		browser.awaitText("#order-status", "Reserved");

		// the printers stop, as when a burst of sales queues the printing
		MessageListenerContainer printer = this.listeners.getListenerContainer("tickets-issue");
		printer.stop();
		try {
			payOnTheProvidersPage();
			browser.awaitText("#order-status", "Paid");
			browser.await((d) -> browser.findAll("#tickets li .printing").size() == 2);
			browser.awaitText("#tickets-status", "0 of 2 ready");
			assertThat(browser.findAll("#tickets button.download")).isEmpty();
			assertThat(browser.text("#tickets li .code")).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
		}
		finally {
			printer.start();
		}
		browser.await((d) -> browser.findAll("#tickets button.download").size() == 2);
		browser.awaitText("#tickets-status", "2 tickets ready.");
		assertThat(browser.findAll("#tickets li .printing")).isEmpty();
		browser.assertNoPageProblems();
	}

	@Test
	void aBuyerRefundsAPaidOrderFromItsPageAndItsTicketsAreVoid() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		http()
			.put("/api/v1/events/" + sale.eventId() + "/refund-policy",
					Map.of("refundableUntil", Instant.now().plus(Duration.ofHours(2)).toString(), "restock", true))
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		Person buyer = register("Ayu Pratiwi");
		signIn(browser, buyer.email(), "/events/" + sale.eventId());
		browser.awaitText("#reserve", "Reserve tickets");
		browser.type("#quantity-" + sale.festivalTypeId(), "1");
		browser.click("#reserve");
		browser.await((d) -> d.getCurrentUrl().matches(".*/orders/[0-9a-f-]{36}$"));
		browser.awaitText("#order-status", "Reserved");
		assertThat(browser.findAll("#refund-section:not([hidden])")).as("nothing to refund before paying").isEmpty();

		payOnTheProvidersPage();
		browser.awaitText("#order-status", "Paid");
		browser.await((d) -> browser.findAll("#tickets button.download").size() == 1);
		browser.awaitVisible("#refund");
		assertThat(browser.text("#refund-policy")).startsWith("You may refund this order until");
		browser.click("#refund");
		browser.awaitVisible("#refund-confirm");
		browser.click("#refund-confirm");

		browser.awaitText("#order-status", "Refunded");
		browser.awaitText("#refunds", "refunded");
		browser.awaitText("#tickets-status", "These tickets are void.");
		assertThat(browser.findAll("#tickets li.void")).hasSize(1);
		assertThat(browser.findAll("#tickets button.download")).isEmpty();
		assertThat(browser.findAll("#refund:not([hidden])")).isEmpty();
		browser.open("/orders");
		browser.awaitText("#orders tbody", sale.name());
		assertThat(browser.text("#orders tbody")).contains("Refunded");

		// a second paid order is refunded from the list itself: one click asks, the
		// second does it
		OrdersApi orders = new OrdersApi(http());
		String second = orders.reserved(buyer.token(), sale.eventId(), sale.festivalTypeId(), 1);
		orders.payOnCheckoutPage(buyer.token(), second);
		browser.await((d) -> {
			browser.open("/orders");
			browser.awaitText("#orders tbody", sale.name());
			return !browser.findAll("tr[data-order='" + second + "'] button.refund").isEmpty();
		});
		String button = "tr[data-order='" + second + "'] button.refund";
		browser.click(button);
		browser.awaitText(button, "Confirm refund");
		browser.click(button);
		browser.awaitText("tr[data-order='" + second + "'] .badge", "Refund under way");
		browser.await((d) -> "REFUNDED".equals(this.jdbc.sql("select status from orders where id = :id::uuid")
			.param("id", second)
			.query(String.class)
			.single()));
		browser.assertNoPageProblems();
	}

	@Test
	void availabilityOnAnOpenEventPageDropsWhenSomeoneElseBuys() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		browser.open("/events/" + sale.eventId());
		browser.await((d) -> "live".equals(browser.find("#live").getDomAttribute("data-state")));
		String cell = "#available-" + sale.vipTypeId();
		browser.awaitText(cell, "50");
		browser.driver.executeScript("window.__notReloaded = true");

		Account someoneElse = accounts().create();
		Http.Response order = http()
			.post("/api/v1/orders", Map.of("eventId", sale.eventId(), "ticketTypeId", sale.vipTypeId(), "quantity", 2))
			.bearer(someoneElse.token())
			.execute();
		assertThat(order.status()).as(order.toString()).isEqualTo(201);

		browser.await((d) -> "48".equals(browser.text(cell)));
		assertThat((Boolean) browser.driver.executeScript("return window.__notReloaded === true")).isTrue();
		browser.assertNoPageProblems();
	}

	@Test
	void organizerCreatesAnEventWithTicketTypesAndAnImageThroughTheConsole() throws Exception {
		Person organizer = register("Olivia Organizer", "ORGANIZER");
		signIn(browser, organizer.email(), "/organizer");
		browser.awaitText("#status", "no events yet");
		browser.click("a[href='/organizer/new']");

		String name = "Jazz Night " + UUID.randomUUID().toString().substring(0, 8);
		browser.type("#name", name);
		browser.type("#venue", "Taman Ismail Marzuki, Jakarta");
		browser.type("#description", "Three bands, one night.");
		browser.type("#timezone", "Asia/Jakarta");
		browser.type("#type-0-name", "Regular");
		browser.type("#type-0-price", "250000");
		browser.type("#type-0-capacity", "120");
		browser.type("#type-0-limit", "4");
		browser.click("#add-type");
		browser.type("#type-1-name", "VIP");
		browser.type("#type-1-price", "750000.50");
		browser.type("#type-1-capacity", "20");
		browser.type("#type-1-limit", "2");
		Path poster = Files.createTempFile("poster", ".png");
		Files.write(poster, Images.png(400, 200));
		browser.find("#image").sendKeys(poster.toString());
		String salesStart = browser.find("#salesStartAt").getDomProperty("value");
		browser.click("#submit");

		browser.await((d) -> d.getCurrentUrl().contains("/organizer/events/"));
		browser.awaitText("#message", "The event was created");
		String eventId = browser.driver.getCurrentUrl().replaceAll(".*/organizer/events/([^?]+).*", "$1");
		JsonNode event = http().get("/api/v1/events/" + eventId).execute().json();
		assertThat(event.path("name").asString()).isEqualTo(name);
		assertThat(event.path("organizerId").asString()).isEqualTo(organizer.id().toString());
		assertThat(event.path("timezone").asString()).isEqualTo("Asia/Jakarta");
		assertThat(Instant.parse(event.path("salesStartAt").asString()))
			.isEqualTo(LocalDateTime.parse(salesStart).atZone(ZoneId.of("Asia/Jakarta")).toInstant());
		assertThat(event.path("imageUrl").isNull()).isFalse();
		List<String> types = new ArrayList<>();
		for (JsonNode type : event.path("ticketTypes")) {
			types.add(type.path("name").asString() + " " + type.path("price").asLong() + " "
					+ type.path("currency").asString() + " " + type.path("capacity").asInt() + " "
					+ type.path("perUserLimit").asInt());
		}
		assertThat(types).containsExactly("Regular 25000000 IDR 120 4", "VIP 75000050 IDR 20 2");
		String vip = event.path("ticketTypes").path(1).path("id").asString();
		browser.awaitText("#capacity-" + vip, "20");
		browser.awaitText("#held-" + vip, "0");

		// the console's figures are live: a reservation elsewhere shows up as held
		Http.Response order = http()
			.post("/api/v1/orders", Map.of("eventId", eventId, "ticketTypeId", vip, "quantity", 2))
			.bearer(accounts().create().token())
			.execute();
		assertThat(order.status()).as(order.toString()).isEqualTo(201);
		browser
			.await((d) -> "2".equals(browser.text("#held-" + vip)) && "18".equals(browser.text("#available-" + vip)));
		browser.assertNoPageProblems();

		browser.open("/organizer");
		browser.awaitText("#events", name);
	}

	@Test
	void scannerAdmitsATicketOnceAndRefusesTheSecondScan() {
		Person organizer = register("Gate Keeper", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		String orderId = paidOrder(accounts().create(), sale.eventId(), sale.vipTypeId(), 1);
		String payload = qrPayload(orderId);

		signIn(browser, organizer.email(), "/scan");
		browser.type("#payload", payload);
		browser.click("#paste button[type=submit]");
		browser.awaitText("#result-title", "ADMITTED");
		assertThat(browser.find("#result").getDomAttribute("data-outcome")).isEqualTo("admitted");
		assertThat(ticketStatus(orderId)).isEqualTo("CHECKED_IN");

		browser.click("#paste button[type=submit]");
		browser.awaitText("#result-title", "ALREADY CHECKED IN");
		assertThat(browser.find("#result").getDomAttribute("data-outcome")).isEqualTo("already");
		assertThat(browser.text("#result-detail")).startsWith("First checked in at");

		browser.type("#payload", payload.substring(0, payload.length() - 4) + "AAAA");
		browser.click("#paste button[type=submit]");
		browser.awaitText("#result-title", "INVALID");
		assertThat(browser.find("#result").getDomAttribute("data-outcome")).isEqualTo("invalid");
		browser.assertNoPageProblems();
	}

	@Test
	void reservingBeforeTheSaleOpensSaysSo() {
		Person organizer = register("Early Bird", "ORGANIZER");
		Map<String, Object> request = EventRequests.valid("Later " + UUID.randomUUID());
		request.put("salesStartAt", Instant.now().plusSeconds(86_400).toString());
		JsonNode event = http().post("/api/v1/events", request).bearer(organizer.token()).execute().json();
		Person buyer = register("Too Early");

		signIn(browser, buyer.email(), "/events/" + event.path("id").asString());
		browser.awaitText("#sale-window", "The sale opens");
		browser.click("#reserve");
		browser.awaitText("#buy-message", "Choose at least one ticket.");
		browser.type("#quantity-" + event.path("ticketTypes").path(0).path("id").asString(), "1");
		browser.click("#reserve");
		browser.awaitText("#buy-message", "has not opened yet");
		assertThat(this.jdbc.sql("select count(*) from orders where event_id = :id::uuid")
			.param("id", event.path("id").asString())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aPresaleCodeEnteredOnTheEventPageReservesBeforeThePublicSale() {
		Person organizer = register("Pre Sale", "ORGANIZER");
		Map<String, Object> request = EventRequests.valid("Presale " + UUID.randomUUID());
		request.put("salesStartAt", Instant.now().plusSeconds(86_400).toString());
		JsonNode event = http().post("/api/v1/events", request).bearer(organizer.token()).execute().json();
		String eventId = event.path("id").asString();
		String vip = event.path("ticketTypes").path(0).path("id").asString();
		http()
			.post("/api/v1/events/" + eventId + "/presale-codes",
					Map.of("kind", "SHARED", "code", "FANS-FIRST", "ticketTypeIds", List.of(vip), "startsAt",
							Instant.now().minusSeconds(60).toString(), "endsAt",
							Instant.now().plusSeconds(3_600).toString()))
			.bearer(organizer.token())
			.execute()
			.assertStatus(201);
		Person fan = register("Dewi Lestari");
		signIn(browser, fan.email(), "/events/" + eventId);
		browser.awaitText("#sale-window", "The sale opens");

		browser.type("#quantity-" + vip, "2");
		browser.type("#access-code", "fans-frist");
		browser.click("#reserve");
		browser.awaitText("#buy-message", "This presale code is not valid for this event");
		browser.type("#access-code", "fans-first");
		browser.click("#reserve");

		browser.await((d) -> d.getCurrentUrl().matches(".*/orders/[0-9a-f-]{36}$"));
		String orderId = browser.driver.getCurrentUrl().replaceAll(".*/orders/", "");
		browser.awaitText("#order-status", "Reserved");
		assertThat(browser.text("#order-tickets")).isEqualTo("2 × VIP");
		assertThat(orderStatus(orderId)).isEqualTo("RESERVED");
		browser.assertNoPageProblems();
	}

	@Test
	void aBuyerJoinsTheWaitingListOfASoldOutTypeAndFindsTheOfferUnderMyOrders() {
		Person organizer = register("List Keeper", "ORGANIZER");
		Map<String, Object> request = EventRequests.valid("Waiting list " + UUID.randomUUID());
		request.put("ticketTypes", List.of(EventRequests.ticketType("Last seats", 100_000L, 2, 2)));
		JsonNode event = http().post("/api/v1/events", request)
			.bearer(organizer.token())
			.execute()
			.assertStatus(201)
			.json();
		String eventId = event.path("id").asString();
		String type = event.path("ticketTypes").path(0).path("id").asString();
		Person holder = register("Early Bird");
		String held = new OrdersApi(http()).reserved(holder.token(), eventId, type, 2);

		Person buyer = register("Rina Wulandari");
		signIn(browser, buyer.email(), "/events/" + eventId);
		browser.awaitVisible("#waiting-list");
		browser.type("#waiting-quantity-" + type, "3");
		browser.click("#waiting-list-" + type + " button");
		browser.awaitText("#waiting-list-message", "Choose between 1 and 2 tickets of Last seats");
		browser.type("#waiting-quantity-" + type, "1");
		browser.click("#waiting-list-" + type + " button");
		browser.awaitText("#waiting-list-" + type, "You are number 1 on the waiting list for Last seats");
		assertThat(this.jdbc.sql("select status from waiting_list_entries where user_id = :u")
			.param("u", buyer.id())
			.query(String.class)
			.single()).isEqualTo("WAITING");

		// the holder lets go: the unit is offered to the buyer, not put back on sale
		new OrdersApi(http()).cancel(holder.token(), held).execute().assertStatus(200);
		browser.open("/orders");
		browser.awaitText("#orders tbody", "Waiting-list offer, until");
		browser.awaitText("#waiting-list-entries tbody", "1 of 1");
		browser.click("#waiting-list-entries tbody a[href^='/orders/']");
		browser.await((d) -> d.getCurrentUrl().matches(".*/orders/[0-9a-f-]{36}$"));
		browser.awaitVisible("#offer-note");
		browser.awaitText("#order-status", "Reserved");
		String offerId = browser.driver.getCurrentUrl().replaceAll(".*/orders/", "");
		assertThat(this.jdbc.sql("select user_id from orders where id = :id::uuid")
			.param("id", offerId)
			.query(UUID.class)
			.single()).isEqualTo(buyer.id());
		browser.assertNoPageProblems();
	}

	@Test
	void anOrganizerRaisesACapacityInTheConsoleAndTheWaitingBuyerGetsTheNewSeat() {
		Person organizer = register("Seat Adder", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Person buyer = register("Waiting Buyer");
		// VIP sold out (50 seats, 2 each), one buyer waiting
		for (int i = 0; i < 25; i++) {
			new OrdersApi(http()).reserved(accounts().create().token(), sale.eventId(), sale.vipTypeId(), 2);
		}
		http()
			.post("/api/v1/events/" + sale.eventId() + "/ticket-types/" + sale.vipTypeId() + "/waiting-list",
					Map.of("quantity", 1))
			.bearer(buyer.token())
			.execute()
			.assertStatus(201);
		signIn(browser, organizer.email(), "/organizer/events/" + sale.eventId());
		browser.awaitText("#waiting-" + sale.vipTypeId(), "1 (1 tickets)");

		browser.type("#capacity-new", "40");
		browser.click("#capacity-form button");
		browser.awaitText("#message", "Choose a capacity above 50");
		browser.type("#capacity-new", "52");
		browser.click("#capacity-form button");
		browser.awaitText("#message", "now has 52 seats");
		browser.awaitText("#capacity-" + sale.vipTypeId(), "52");
		browser.awaitText("#waiting-" + sale.vipTypeId(), "0");
		assertThat(this.jdbc.sql("select count(*) from orders where user_id = :u and waiting_list_entry_id is not null")
			.param("u", buyer.id())
			.query(Integer.class)
			.single()).as("the new seat was offered to the waiting buyer").isEqualTo(1);
		browser.assertNoPageProblems();
	}

	@Test
	void anOrganizerMakesPresaleCodesInTheConsoleAndDownloadsThemAsCsv() throws Exception {
		Person organizer = register("Code Maker", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		signIn(browser, organizer.email(), "/organizer/events/" + sale.eventId());
		browser.awaitVisible("#presale-form");

		browser.type("#presale-count", "3");
		browser.type("#presale-label", "Early birds");
		browser.click("#presale-type-" + sale.festivalTypeId());
		browser.click("#presale-make");

		browser.awaitText("#presale-made-text", "3 single-use codes made");
		assertThat(browser.findAll("#presale-made-codes li")).hasSize(3);
		browser.awaitText("#presale-batches tbody", "Early birds");
		List<String> stored = this.jdbc.sql("select code from presale_codes where event_id = :e::uuid order by code")
			.param("e", sale.eventId())
			.query(String.class)
			.list();
		assertThat(stored).hasSize(3);
		assertThat(this.jdbc.sql("select ticket_type_ids::text from presale_codes where event_id = :e::uuid limit 1")
			.param("e", sale.eventId())
			.query(String.class)
			.single()).isEqualTo("{" + sale.vipTypeId() + "}");

		browser.click("#presale-batches button[data-batch]");
		String batchId = browser.find("#presale-batches button[data-batch]").getDomAttribute("data-batch");
		Path csv = browser.downloads.resolve("presale-codes-" + batchId + ".csv");
		browser.await((d) -> Files.exists(csv) && !partialDownloads());
		List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).isEqualTo("code,label,startsAt,endsAt");
		for (int i = 0; i < 3; i++) {
			assertThat(rows.get(i + 1)).startsWith("\"" + stored.get(i) + "\",\"Early birds\",");
		}
		browser.assertNoPageProblems();
	}

	@Test
	void anOrganizerSeesSalesPerDayAndDownloadsTheAttendeesInTheConsole() throws Exception {
		Person organizer = register("Data Keeper", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Account buyer = accounts().create();
		this.jdbc.sql("update users set full_name = '=SUM(A1:A9)' where id = :id").param("id", buyer.id()).update();
		String orderId = paidOrder(accounts().create(), sale.eventId(), sale.vipTypeId(), 2);
		List<String> codes = this.jdbc.sql("select code from tickets where order_id = :id::uuid")
			.param("id", orderId)
			.query(String.class)
			.list();
		String formulaOrder = paidOrder(buyer, sale.eventId(), sale.festivalTypeId(), 1);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from tickets where order_id in (:a::uuid, :b::uuid)")
				.param("a", orderId)
				.param("b", formulaOrder)
				.query(Integer.class)
				.single() == 3);
		signIn(browser, organizer.email(), "/organizer/events/" + sale.eventId());

		browser.awaitVisible("#daily-sales");
		assertThat(browser.find("#daily-sales tbody").getText()).contains("VIP", "Festival");
		browser.click("#export-attendees");
		Path csv = browser.downloads.resolve("attendees-" + sale.eventId() + ".csv");
		browser.await((d) -> Files.exists(csv) && !partialDownloads());
		List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).startsWith("ticketCode,ticketType,holderName,buyerName,buyerEmail,");
		assertThat(String.join("\n", rows)).contains(codes.get(0), codes.get(1), "\"'=SUM(A1:A9)\"");
		browser.assertNoPageProblems();
	}

	@Test
	void anOrganizerOpensBuyerRefundsInTheConsole() {
		Person organizer = register("Refund Keeper", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		signIn(browser, organizer.email(), "/organizer/events/" + sale.eventId());

		browser.awaitText("#refund-policy-summary", "Buyers may not refund their orders themselves.");
		browser.click("#refund-buyers");
		browser.click("#refund-restock");
		browser.click("#refund-policy-save");

		browser.awaitText("#refund-policy-summary", "Buyers may refund their orders until");
		assertThat(browser.text("#refund-policy-summary")).contains("Refunded tickets stay off sale.");
		JsonNode event = http().get("/api/v1/events/" + sale.eventId()).execute().json();
		Instant until = Instant.parse(event.path("refundPolicy").path("refundableUntil").asString());
		// the console's default: a day before the event starts
		assertThat(until).isEqualTo(Instant.parse(event.path("startsAt").asString())
			.minus(Duration.ofDays(1))
			.truncatedTo(ChronoUnit.MINUTES));
		assertThat(event.path("refundPolicy").path("restock").asBoolean()).isFalse();
		browser.assertNoPageProblems();
	}

	@Test
	void anOrganizerAddsAWebhookInTheConsoleSeesItsSecretPingsItAndRemovesIt() {
		Person organizer = register("Hook Keeper", "ORGANIZER");
		signIn(browser, organizer.email(), "/organizer");
		browser.awaitVisible("#webhook-form");

		browser.type("#webhook-url", "https://hooks.example.com/tickets");
		browser.click("#webhook-add");
		browser.awaitText("#webhook-message", "Added https://hooks.example.com/tickets");
		String secret = this.jdbc.sql("select secret from webhook_endpoints where organizer_id = :id")
			.param("id", organizer.id())
			.query(String.class)
			.single();
		browser.awaitText("#webhook-list", secret);
		assertThat(browser.find("#webhook-list").getText()).contains("order.confirmed, ticket.checked_in");

		browser.click("#webhook-list button[data-ping]");
		browser.awaitText("#webhook-message", "A ping is on its way");
		browser.click("#webhook-list button[data-log]");
		browser.awaitText("#webhook-list .delivery-log", "ping");

		browser.click("#webhook-list button[data-remove]");
		browser.awaitText("#webhook-message", "Removed https://hooks.example.com/tickets");
		assertThat(this.jdbc.sql("select count(*) from webhook_endpoints where organizer_id = :id")
			.param("id", organizer.id())
			.query(Integer.class)
			.single()).isZero();
		browser.assertNoPageProblems();
	}

	@Test
	void reachingThePerCustomerLimitSaysSo() {
		Person organizer = register("Org Anizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Person buyer = register("Greedy Buyer");
		Http.Response first = http()
			.post("/api/v1/orders", Map.of("eventId", sale.eventId(), "ticketTypeId", sale.vipTypeId(), "quantity", 2))
			.bearer(buyer.token())
			.execute();
		assertThat(first.status()).as(first.toString()).isEqualTo(201);

		signIn(browser, buyer.email(), "/events/" + sale.eventId());
		browser.awaitText("#reserve", "Reserve tickets");
		browser.type("#quantity-" + sale.vipTypeId(), "1");
		browser.click("#reserve");
		browser.awaitText("#buy-message", "Limit reached");
		assertThat(this.jdbc.sql("select count(*) from orders where event_id = :id::uuid")
			.param("id", sale.eventId())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void organizerCancelsAnEventFromTheConsoleAndHeldTicketsGoBack() {
		Person organizer = register("Olivia Organizer", "ORGANIZER");
		Sale sale = event(organizer.token(), false);
		Http.Response held = http()
			.post("/api/v1/orders", Map.of("eventId", sale.eventId(), "ticketTypeId", sale.vipTypeId(), "quantity", 2))
			.bearer(accounts().create().token())
			.execute();
		assertThat(held.status()).as(held.toString()).isEqualTo(201);

		signIn(browser, organizer.email(), "/organizer/events/" + sale.eventId());
		browser.awaitText("#held-" + sale.vipTypeId(), "2");
		browser.click("#cancel-event");
		browser.click("#confirm-cancel-yes");
		browser.awaitText("#message", "The event is cancelled");
		browser.awaitText("#event-status", "CANCELLED");
		assertThat(http().get("/api/v1/events/" + sale.eventId()).execute().json().path("status").asString())
			.isEqualTo("CANCELLED");
		String heldOrder = held.json().path("id").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> "CANCELLED".equals(orderStatus(heldOrder)));
		browser.assertNoPageProblems();
	}

	private String ticketStatus(String orderId) {
		return this.jdbc.sql("select status from tickets where order_id = :id::uuid")
			.param("id", orderId)
			.query(String.class)
			.single();
	}

	private static boolean partialDownloads() {
		try (Stream<Path> files = Files.list(browser.downloads)) {
			return files.anyMatch((f) -> f.toString().endsWith(".crdownload"));
		}
		catch (IOException ex) {
			return true;
		}
	}

}
