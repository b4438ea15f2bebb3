package io.ticketbooking.orders;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an organizer takes out of the service (docs/organizer-data.md): attendees and
 * orders as CSV, sales per ticket type and day. A real sale: buyers pay on the simulated
 * provider's page, its signed webhook confirms, the tickets are issued over RabbitMQ.
 */
@IntegrationTest
class OrganizerDataTests extends OrdersFixture {

	private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"Refund\")";

	private static final String QUOTED = "Smith, \"Jo\"";

	private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

	record Sale(String eventId, String vip, String festival) {
	}

	@Test
	void theAttendeeExportHasEveryTicketWithItsBuyerAndNoFormula() throws IOException {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = sale(organizer);
		Account formula = accounts().named(FORMULA);
		Account quoted = accounts().named(QUOTED);
		String first = paidOrder(formula, sale.eventId(), sale.vip(), 2);
		String second = paidOrder(quoted, sale.eventId(), sale.festival(), 1);
		new OrdersApi(http()).reserved(accounts().named("Not Paid").token(), sale.eventId(), sale.festival(), 1);
		Map<String, JsonNode> tickets = new HashMap<>();
		for (JsonNode t : new OrdersApi(http()).awaitTickets(formula.token(), first, 2)) {
			tickets.put(t.path("code").asString(), t);
		}
		for (JsonNode t : new OrdersApi(http()).awaitTickets(quoted.token(), second, 1)) {
			tickets.put(t.path("code").asString(), t);
		}
		String checkedIn = tickets.values()
			.stream()
			.filter((t) -> t.path("ticketTypeId").asString().equals(sale.festival()))
			.findFirst()
			.orElseThrow()
			.path("code")
			.asString();
		String payload = this.jdbc.sql("select qr_payload from tickets where code = :code")
			.param("code", checkedIn)
			.query(String.class)
			.single();
		http().post("/api/v1/checkin", Map.of("payload", payload))
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);

		Http.Response csv = http().get("/api/v1/organizer/events/" + sale.eventId() + "/attendees.csv")
			.bearer(organizer.token())
			.header("Accept", "text/csv")
			.execute()
			.assertStatus(200);
		assertThat(csv.contentType()).startsWith("text/csv").contains("charset=UTF-8");
		assertThat(csv.header("Content-Disposition")).startsWith("attachment")
			.contains("attendees-" + sale.eventId() + ".csv");
		assertThat(csv.header("Cache-Control")).isEqualTo("no-store");
		assertThat(csv.text()).contains("\r\n").contains("'" + FORMULA.replace("\"", "\"\""));
		List<CSVRecord> rows = parse(csv.text());

		assertThat(rows).hasSize(3);
		assertThat(rows).extracting((r) -> r.get("ticketCode")).containsExactlyInAnyOrderElementsOf(tickets.keySet());
		for (CSVRecord row : rows) {
			boolean vip = tickets.get(row.get("ticketCode")).path("ticketTypeId").asString().equals(sale.vip());
			Account buyer = vip ? formula : quoted;
			// a spreadsheet shows the name, and runs nothing
			String shown = vip ? "'" + FORMULA : QUOTED;
			assertThat(row.get("ticketType")).isEqualTo(vip ? "VIP" : "Festival");
			assertThat(row.get("holderName")).isEqualTo(shown);
			assertThat(row.get("buyerName")).isEqualTo(shown);
			assertThat(row.get("buyerEmail")).isEqualTo(buyer.email());
			assertThat(row.get("orderId")).isEqualTo(vip ? first : second);
			assertThat(row.get("issuedAt")).isNotEmpty();
			boolean scanned = row.get("ticketCode").equals(checkedIn);
			assertThat(row.get("status")).isEqualTo(scanned ? "CHECKED_IN" : "ISSUED");
			assertThat(row.get("checkedInAt").isEmpty()).isEqualTo(!scanned);
		}
	}

	@Test
	void theOrderExportHasEveryOrderAndTheReportItsSalesPerTypeAndDay() throws IOException {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = sale(organizer);
		Account formula = accounts().named(FORMULA);
		String yesterday = paidOrder(formula, sale.eventId(), sale.vip(), 2);
		String today = paidOrder(accounts().named("Ada"), sale.eventId(), sale.festival(), 3);
		String held = new OrdersApi(http()).reserved(accounts().named("Held").token(), sale.eventId(), sale.festival(),
				1);
		// the first order was paid a day ago, in the event's time zone
		this.jdbc
			.sql("""
					update orders set updated_at = (select updated_at from orders where id = :today::uuid) - interval '1 day'
					where id = :id::uuid""")
			.param("today", today)
			.param("id", yesterday)
			.update();

		Http.Response csv = http().get("/api/v1/organizer/events/" + sale.eventId() + "/orders.csv")
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		assertThat(csv.header("Content-Disposition")).contains("orders-" + sale.eventId() + ".csv");
		Map<String, CSVRecord> orders = new HashMap<>();
		parse(csv.text()).forEach((r) -> orders.put(r.get("orderId"), r));
		assertThat(orders).containsOnlyKeys(yesterday, today, held);
		CSVRecord vip = orders.get(yesterday);
		assertThat(vip.get("status")).isEqualTo("CONFIRMED");
		assertThat(vip.get("buyerName")).isEqualTo("'" + FORMULA);
		assertThat(vip.get("buyerEmail")).isEqualTo(formula.email());
		assertThat(vip.get("tickets")).isEqualTo("VIP × 2");
		assertThat(vip.get("units")).isEqualTo("2");
		// 2 × 1,500,000 minor units of IDR (2 decimals)
		assertThat(vip.get("total")).isEqualTo("30000.00");
		assertThat(vip.get("currency")).isEqualTo("IDR");
		assertThat(orders.get(today).get("tickets")).isEqualTo("Festival × 3");
		assertThat(orders.get(today).get("total")).isEqualTo("22500.00");
		assertThat(orders.get(held).get("status")).isEqualTo("RESERVED");

		JsonNode report = http().get("/api/v1/organizer/events/" + sale.eventId() + "/sales-report")
			.bearer(organizer.token())
			.execute()
			.assertStatus(200)
			.json();
		LocalDate paidToday = LocalDate.ofInstant(confirmedAt(today), JAKARTA);
		LocalDate paidYesterday = LocalDate.ofInstant(confirmedAt(yesterday), JAKARTA);
		assertThat(paidYesterday).isEqualTo(paidToday.minusDays(1));
		assertThat(report.path("zone").asString()).isEqualTo("Asia/Jakarta");
		JsonNode days = report.path("days");
		assertThat(days).hasSize(2);
		assertThat(days.path(0).path("date").asString()).isEqualTo(paidYesterday.toString());
		assertThat(days.path(0).path("ticketTypeName").asString()).isEqualTo("VIP");
		assertThat(days.path(0).path("units").asLong()).isEqualTo(2);
		assertThat(days.path(0).path("revenue").asLong()).isEqualTo(3_000_000);
		assertThat(days.path(0).path("currency").asString()).isEqualTo("IDR");
		assertThat(days.path(1).path("date").asString()).isEqualTo(paidToday.toString());
		assertThat(days.path(1).path("ticketTypeName").asString()).isEqualTo("Festival");
		// the held order is no sale
		assertThat(days.path(1).path("units").asLong()).isEqualTo(3);
		assertThat(days.path(1).path("revenue").asLong()).isEqualTo(2_250_000);
		JsonNode types = report.path("ticketTypes");
		assertThat(types).hasSize(2);
		assertThat(types.path(0).path("name").asString()).isEqualTo("VIP");
		assertThat(types.path(0).path("units").asLong()).isEqualTo(2);
		assertThat(types.path(1).path("revenue").asLong()).isEqualTo(2_250_000);
	}

	@Test
	void anEventOfAnotherOrganizerOrNoneIsNotFoundAndCustomersMayNotExport() {
		Sale sale = sale(accounts().create("ORGANIZER"));
		String stranger = accounts().create("ORGANIZER").token();
		for (String report : List.of("attendees.csv", "orders.csv", "sales-report")) {
			String path = "/api/v1/organizer/events/" + sale.eventId() + "/" + report;
			assertProblem(http().get(path).bearer(stranger).execute(), 404, "NOT_FOUND");
			assertProblem(http().get("/api/v1/organizer/events/" + UUID.randomUUID() + "/" + report)
				.bearer(stranger)
				.execute(), 404, "NOT_FOUND");
			assertThat(http().get(path).bearer(accounts().create().token()).execute().status()).isEqualTo(403);
			assertThat(http().get(path).execute().status()).isEqualTo(401);
			assertThat(http().get(path).bearer(accounts().create("ADMIN").token()).execute().status()).isEqualTo(200);
		}
		assertProblem(http().get("/api/v1/organizer/events/not-a-uuid/attendees.csv").bearer(stranger).execute(), 400,
				"INVALID_PARAMETER");
	}

	private Sale sale(Account organizer) {
		JsonNode event = new EventsApi(http())
			.create(organizer.token(), EventRequests.valid("Export " + UUID.randomUUID().toString().substring(0, 8)))
			.assertStatus(201)
			.json();
		return new Sale(event.path("id").asString(), event.path("ticketTypes").path(0).path("id").asString(),
				event.path("ticketTypes").path(1).path("id").asString());
	}

	private String paidOrder(Account buyer, String eventId, String ticketTypeId, int quantity) {
		OrdersApi orders = new OrdersApi(http());
		String orderId = orders.reserved(buyer.token(), eventId, ticketTypeId, quantity);
		orders.payOnCheckoutPage(buyer.token(), orderId);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "CONFIRMED".equals(this.jdbc.sql("select status from orders where id = :id::uuid")
				.param("id", orderId)
				.query(String.class)
				.single()));
		return orderId;
	}

	private Instant confirmedAt(String orderId) {
		return this.jdbc.sql("select updated_at from orders where id = :id::uuid")
			.param("id", orderId)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	static List<CSVRecord> parse(String csv) throws IOException {
		return CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(csv))
			.getRecords();
	}

}
