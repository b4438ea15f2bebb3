package io.ticketbooking.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals of a sale, answered exactly as the contract says, whatever path inside
 * builds them: status, problem document byte for byte, headers, the request id, the
 * hardening headers and the metric by outcome.
 */
@IntegrationTest
class RefusalContractTests extends OrdersFixture {

	/** Headers every refusal carries, with their values (security headers included). */
	static final Map<String, String> COMMON_HEADERS = new TreeMap<>(Map.of("content-type", "application/problem+json",
			"x-content-type-options", "nosniff", "x-frame-options", "DENY", "referrer-policy", "no-referrer",
			"cache-control", "no-cache, no-store, max-age=0, must-revalidate", "x-request-id", "refusal-contract-1"));

	@Autowired
	MeterRegistry meters;

	@Test
	void soldOut() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		assertThat(reserve(accounts().create(), sale, 1).status()).isEqualTo(201);
		double before = reserveCount("SOLD_OUT");

		Http.Response refused = reserveWithRequestId(accounts().create(), sale, 1);

		assertRefusal(refused, 409, """
				{"detail":"Not enough tickets of this type are left.","instance":"/api/v1/orders","status":409,\
				"title":"Conflict","type":"https://ticketbooking.io/problems/sold-out","code":"SOLD_OUT"}""");
		assertThat(refused.header("Retry-After")).isNull();
		assertThat(reserveCount("SOLD_OUT")).isEqualTo(before + 1);
	}

	@Test
	void limitExceeded() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 1);
		Account buyer = accounts().create();
		assertThat(reserve(buyer, sale, 1).status()).isEqualTo(201);

		assertRefusal(reserveWithRequestId(buyer, sale, 1), 409, """
				{"detail":"This would take you past the per-customer limit.","instance":"/api/v1/orders",\
				"status":409,"title":"Conflict","type":"https://ticketbooking.io/problems/limit-exceeded",\
				"code":"LIMIT_EXCEEDED"}""");
	}

	@Test
	void saleNotOpen() {
		Instant now = Instant.now();
		OnSale sale = events().create(accounts().create("ORGANIZER").id(), 10, 2, now.plus(Duration.ofHours(1)),
				now.plus(Duration.ofDays(1)));

		assertRefusal(reserveWithRequestId(accounts().create(), sale, 1), 409, """
				{"detail":"The sale for this ticket type has not started yet.","instance":"/api/v1/orders",\
				"status":409,"title":"Conflict","type":"https://ticketbooking.io/problems/sale-not-open",\
				"code":"SALE_NOT_OPEN"}""");
	}

	@Test
	void saleClosed() {
		Instant now = Instant.now();
		OnSale sale = events().create(accounts().create("ORGANIZER").id(), 10, 2, now.minus(Duration.ofDays(1)),
				now.minus(Duration.ofHours(1)));

		assertRefusal(reserveWithRequestId(accounts().create(), sale, 1), 409, """
				{"detail":"The sale for this ticket type has ended.","instance":"/api/v1/orders","status":409,\
				"title":"Conflict","type":"https://ticketbooking.io/problems/sale-closed","code":"SALE_CLOSED"}""");
	}

	@Test
	void rateLimited() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		Account buyer = accounts().create();
		Http.Response last = null;
		for (int i = 0; i < 40 && (last == null || last.status() != 429); i++) {
			last = reserveWithRequestId(buyer, sale, 1);
		}

		assertRefusal(last, 429, """
				{"detail":"Too many reservation attempts; slow down.","instance":"/api/v1/orders","status":429,\
				"title":"Too Many Requests","type":"https://ticketbooking.io/problems/rate-limited",\
				"code":"RATE_LIMITED"}""");
		assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 10L);
	}

	private Http.Response reserveWithRequestId(Account buyer, OnSale sale, int quantity) {
		return http()
			.post("/api/v1/orders",
					Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity", quantity))
			.bearer(buyer.token())
			.header("X-Request-Id", "refusal-contract-1")
			.execute();
	}

	private static void assertRefusal(Http.Response response, int status, String body) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.text()).isEqualTo(body);
		Map<String, String> headers = new TreeMap<>();
		COMMON_HEADERS.keySet().forEach((name) -> headers.put(name, response.header(name)));
		assertThat(headers).isEqualTo(COMMON_HEADERS);
	}

	private double reserveCount(String outcome) {
		var timer = this.meters.find("orders.reserve").tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
