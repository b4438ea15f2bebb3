package io.ticketbooking.orders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile reserve requests (wrong types, huge and negative numbers, junk
 * strings, broken and truncated JSON, odd headers): every answer is a 2xx or a 4xx
 * problem, never a 5xx, and the stock in both stores stays consistent.
 */
@IntegrationTest
class ReserveRequestFuzzTests extends OrdersFixture {

	private static final List<Object> JUNK = List.of(0, -1, 1, 2, Integer.MAX_VALUE, Long.MIN_VALUE, "1e309", 1.5, -0.0,
			true, false, "", " ", "null", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "\u0000",
			"\uD83C\uDF9F", "9".repeat(400), List.of(), Map.of(), List.of(1, 2), Map.of("a", 1));

	@Test
	void generatedRequestsNeverBreakTheService() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 50, 50);
		Random random = new Random(20261124);
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			buyers.add(accounts().create());
		}
		for (int i = 0; i < 400; i++) {
			Http.Response response = send(random, sale, buyers.get(i % buyers.size()));
			assertThat(response.status()).as("request %d → %s", i, response).isLessThan(500);
			if (response.status() >= 400) {
				assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
				assertThat(response.json().path("code").asString()).isNotBlank();
			}
		}
		int taken = takenUnits(sale.ticketTypeId());
		assertThat(taken).isLessThanOrEqualTo(50).isEqualTo(reservedQuantity(sale.ticketTypeId()));
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(50 - taken);
	}

	private Http.Response send(Random random, OnSale sale, Account buyer) {
		Map<String, Object> body = new HashMap<>();
		body.put("eventId", pick(random, sale.eventId().toString()));
		body.put("ticketTypeId", pick(random, sale.ticketTypeId().toString()));
		body.put("quantity", pick(random, 1));
		if (random.nextInt(5) == 0) {
			body.put("unknown" + random.nextInt(3), pick(random, "x"));
		}
		if (random.nextInt(6) == 0) {
			body.remove(List.of("eventId", "ticketTypeId", "quantity").get(random.nextInt(3)));
		}
		String json = Json.write(body);
		byte[] bytes = switch (random.nextInt(8)) {
			case 0 -> json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
			case 1 -> json.replace(':', random.nextBoolean() ? '=' : ' ').getBytes(StandardCharsets.UTF_8);
			case 2 -> ("[" + json + "]").getBytes(StandardCharsets.UTF_8);
			default -> json.getBytes(StandardCharsets.UTF_8);
		};
		String contentType = (random.nextInt(10) == 0) ? "text/plain" : "application/json";
		Http.Call call = http().send("POST", "/api/v1/orders", contentType, bytes).bearer(buyer.token());
		if (random.nextInt(4) == 0) {
			call.header("Idempotency-Key",
					random.nextBoolean() ? UUID.randomUUID().toString() : "k" + random.nextInt(5));
		}
		return call.execute();
	}

	private static Object pick(Random random, Object valid) {
		return (random.nextInt(3) == 0) ? JUNK.get(random.nextInt(JUNK.size())) : valid;
	}

}
