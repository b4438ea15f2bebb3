package io.ticketbooking.orders;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark baseline still sells exactly its capacity: a fair comparison, not a
 * broken one.
 */
@IntegrationTest
class PostgresOnlyReservationsTests extends OrdersFixture {

	@Autowired
	OrderRepository orders;

	@Autowired
	OrdersProperties properties;

	@Test
	void hotRowBaselineSellsExactlyItsCapacity() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 30, 2);
		var baseline = new PostgresOnlyReservations(this.jdbc, this.orders, this.transactions, this.properties,
				Clock.systemUTC());
		List<UUID> buyers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			buyers.add(accounts().create().id());
		}
		int sold = 0;
		int soldOut = 0;
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Boolean>> results = new ArrayList<>();
			for (UUID buyer : buyers) {
				results.add(pool.submit(() -> {
					try {
						baseline.reserve(new ReservationService.Reservation(buyer, sale.eventId(), sale.ticketTypeId(),
								1, null));
						return true;
					}
					catch (OrderProblems.SoldOut ex) {
						return false;
					}
				}));
			}
			for (Future<Boolean> result : results) {
				if (result.get()) {
					sold++;
				}
				else {
					soldOut++;
				}
			}
		}
		assertThat(sold).isEqualTo(30);
		assertThat(soldOut).isEqualTo(30);
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(30);
	}

}
