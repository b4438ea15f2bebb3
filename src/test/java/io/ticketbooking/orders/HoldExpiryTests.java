package io.ticketbooking.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds that run out return their units exactly once, with several sweepers racing (the
 * one the application schedules plus the ones this test starts, as on several instances).
 */
@IntegrationTest
class HoldExpiryTests extends OrdersFixture {

	@Autowired
	HoldSweeper sweeper;

	@Test
	void expiredHoldsReturnTheirStockExactlyOnceWithSeveralSweepers() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 50, 2);
		List<String> orderIds = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Account buyer = accounts().create();
			orderIds.add(reserve(buyer, sale, 2).json().path("id").asString());
		}
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(10);

		// the hold time runs out (as with a short HOLD_TTL)
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where ticket_type_id = :tt")
			.param("tt", sale.ticketTypeId())
			.update();
		int expired = raceSweepers(4);

		assertThat(expired).isLessThanOrEqualTo(20);
		assertThat(this.jdbc.sql("select count(*) from orders where ticket_type_id = :tt and status = 'EXPIRED'")
			.param("tt", sale.ticketTypeId())
			.query(Integer.class)
			.single()).isEqualTo(20);
		assertThat(takenUnits(sale.ticketTypeId())).isZero();
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
		assertThat(redisStock(sale.ticketTypeId())).as("each hold's units came back once").isEqualTo(50);

		// sweeping again changes nothing
		raceSweepers(2);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(50);
		Account buyer = accounts().create();
		String orderId = orderIds.get(0);
		assertThat(http().get("/api/v1/orders/" + orderId)
			.bearer(accounts().create("ADMIN").token())
			.execute()
			.json()
			.path("status")
			.asString()).isEqualTo("EXPIRED");
		assertThat(reserve(buyer, sale, 2).status()).as("the stock is on sale again").isEqualTo(201);
	}

	@Test
	void aHoldThatHasNotExpiredStays() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 5, 2);
		reserve(accounts().create(), sale, 2);
		this.sweeper.sweepOnce();
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(2);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(3);
	}

	private int raceSweepers(int sweepers) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < sweepers; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return this.sweeper.sweepOnce();
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get();
			}
			return total;
		}
	}

}
