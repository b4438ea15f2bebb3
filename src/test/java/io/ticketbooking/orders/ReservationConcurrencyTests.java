package io.ticketbooking.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ticketbooking.support.AtOnce;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many buyers at the same instant: never one unit more than the capacity, nothing lost.
 */
@IntegrationTest
class ReservationConcurrencyTests extends OrdersFixture {

	@Test
	void twoThousandBuyersForThreeHundredUnitsHoldExactlyThreeHundred() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 300, 4);
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			buyers.add(accounts().create());
		}

		List<Http.Response> responses = concurrently(2000, (i) -> reserve(buyers.get(i % 500), sale, 1));

		List<Http.Response> won = responses.stream().filter((r) -> r.status() == 201).toList();
		List<Http.Response> lost = responses.stream().filter((r) -> r.status() != 201).toList();
		assertThat(won).hasSize(300);
		assertThat(lost).allSatisfy((r) -> {
			assertThat(r.status()).as(r.toString()).isEqualTo(409);
			assertThat(r.json().path("code").asString()).isIn("SOLD_OUT", "LIMIT_EXCEEDED");
		});
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(300);
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(300);
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
		assertThat(redisStock(sale.ticketTypeId())).isZero();
		for (Http.Response winner : won) {
			String id = winner.json().path("id").asString();
			Account owner = buyers.stream()
				.filter((b) -> this.jdbc.sql("select count(*) from orders where id = :id::uuid and user_id = :u")
					.param("id", id)
					.param("u", b.id())
					.query(Integer.class)
					.single() == 1)
				.findFirst()
				.orElseThrow();
			assertThat(http().get("/api/v1/orders/" + id).bearer(owner.token()).execute().status()).isEqualTo(200);
		}
	}

	@Test
	void oneUserFiringFiftyRequestsGetsNoMoreThanTheLimit() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 100, 4);
		Account greedy = accounts().create();

		List<Http.Response> responses = concurrently(50, (i) -> reserve(greedy, sale, 1));

		assertThat(responses.stream().filter((r) -> r.status() == 201)).hasSize(4);
		assertThat(responses).allSatisfy((r) -> assertThat(r.status()).isIn(201, 409, 429));
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(4);
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(4);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(96);
	}

	@Test
	void twentyParallelRequestsWithOneIdempotencyKeyMakeOneOrder() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 100, 10);
		Account buyer = accounts().create();

		List<Http.Response> responses = concurrently(20, (i) -> reserve(buyer, sale, 2, "checkout-42"));

		assertThat(responses).allSatisfy((r) -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
		Set<String> ids = ConcurrentHashMap.newKeySet();
		responses.forEach((r) -> ids.add(r.json().path("id").asString()));
		assertThat(ids).hasSize(1);
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(2);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(98);

		Thread.sleep(1100); // the 20 requests used the user's rate-limit bucket; let it
							// refill a little
		Http.Response later = reserve(buyer, sale, 2, "checkout-42");
		assertThat(later.status()).as(later.toString()).isEqualTo(201);
		assertThat(later.json().path("id").asString()).isEqualTo(ids.iterator().next());
		// another key is another reservation: a new order of its own, holding two more
		Http.Response otherKey = reserve(buyer, sale, 2, "checkout-43");
		assertThat(otherKey.status()).as(otherKey.toString()).isEqualTo(201);
		assertThat(otherKey.json().path("status").asString()).isEqualTo("RESERVED");
		assertThat(otherKey.json().path("id").asString()).matches("[0-9a-f-]{36}").isNotEqualTo(ids.iterator().next());
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(4);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(96);
	}

	interface Request {

		Http.Response send(int index) throws Exception;

	}

	/** Starts all requests at the same moment, each on its own virtual thread. */
	static List<Http.Response> concurrently(int count, Request request) throws Exception {
		return AtOnce.run(count, request::send);
	}

}
