package io.ticketbooking.orders;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.api.StatefulRedisConnection;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis loses everything in the middle of a sale: no oversell, the gate is rebuilt, sales
 * go on.
 */
@IntegrationTest
class RedisLossTests extends OrdersFixture {

	@Test
	void flushInTheMiddleOfASaleNeitherOversellsNorStopsTheSale() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 100, 2);
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			buyers.add(accounts().create());
		}
		List<Http.Response> before = ReservationConcurrencyTests.concurrently(60,
				(i) -> reserve(buyers.get(i), sale, 1));
		assertThat(before.stream().filter((r) -> r.status() == 201)).hasSize(60);

		flushRedis();

		List<Http.Response> after = ReservationConcurrencyTests.concurrently(300,
				(i) -> reserve(buyers.get(i % 150), sale, 1));
		long wonAfter = after.stream().filter((r) -> r.status() == 201).count();
		assertThat(after).allSatisfy((r) -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
		assertThat(wonAfter).as("the sale went on and sold out").isEqualTo(40);
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(100);
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(100);
		assertThat(redisStock(sale.ticketTypeId())).as("gate rebuilt from Postgres").isZero();
	}

	@Test
	void aGateCallThatTimesOutIsA503AndTheGateIsRebuiltWhateverRedisDidWithIt() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 5, 2);
		Account buyer = accounts().create();
		// Redis holds every write, the reserve script included, for longer than the
		// client's 2 s timeout, then runs it after the client has given up
		try (StatefulRedisConnection<String, String> redis = redisClient().connect()) {
			redis.sync().clientPause(3000);
		}
		Http.Response timedOut = reserve(buyer, sale, 2, "key-1");
		assertThat(timedOut.status()).as(timedOut.toString()).isEqualTo(503);
		assertThat(timedOut.json().path("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(timedOut.header("Retry-After")).isEqualTo("1");

		// once Redis answers again the gate matches Postgres: the script's units are back
		eventually(() -> assertThat(redisStock(sale.ticketTypeId())).isEqualTo(5));
		assertThat(takenUnits(sale.ticketTypeId())).isZero();
		// and the same key may be used again: the first attempt produced nothing
		eventually(() -> assertThat(reserve(buyer, sale, 2, "key-1").status()).isEqualTo(201));
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(2);
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
	}

	@Test
	void anAdminCanRebuildTheGateOnDemand() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 2);
		reserve(accounts().create(), sale, 2);
		this.jdbc.sql("update inventory_units set order_id = null where ticket_type_id = :tt")
			.param("tt", sale.ticketTypeId())
			.update();
		this.jdbc.sql("update orders set status = 'CANCELLED' where ticket_type_id = :tt")
			.param("tt", sale.ticketTypeId())
			.update();
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(8);

		assertThat(http().post("/api/v1/admin/inventory/reconcile", "{}")
			.bearer(accounts().create().token())
			.execute()
			.status()).isEqualTo(403);
		Http.Response rebuilt = http().post("/api/v1/admin/inventory/reconcile", "{}")
			.bearer(accounts().create("ADMIN").token())
			.execute();
		assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(10);
	}

	@Test
	void perUserLimitSurvivesAFlush() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 2);
		Account buyer = accounts().create();
		assertThat(reserve(buyer, sale, 2).status()).isEqualTo(201);
		flushRedis();
		Http.Response again = reserve(buyer, sale, 1);
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.json().path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(8);
	}

}
