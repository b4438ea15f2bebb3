package io.ticketbooking.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ticketbooking.faults.Sale.Buyer;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.OrdersApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the faults, the rest of the stock is bought one unit at a time until the gate
 * says sold out: then every unit must be taken in Postgres (every ticket sold, none
 * twice) and the gate must show zero.
 */
record Drain(int bought, long freeInPostgres, Integer redisStock, List<String> unexpected) {

	static Drain rest(Sale sale, ServiceInstance instance) {
		OrdersApi orders = new OrdersApi(new Http(instance.port));
		int bought = 0;
		List<String> unexpected = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		boolean soldOut = false;
		while (!soldOut && System.nanoTime() < deadline) {
			for (Buyer buyer : sale.buyers()) {
				Http.Response response = orders.reserve(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1)
					.execute();
				if (response.status() == 201) {
					bought++;
				}
				else if (response.status() == 409 && "SOLD_OUT".equals(response.json().path("code").asString())) {
					soldOut = true;
					break;
				}
				else if (response.status() != 409) {
					unexpected.add(response.toString());
				}
			}
		}
		long free = Database.count(InventoryInvariants.FREE_UNITS, sale.ticketTypeId());
		return new Drain(bought, free, Deployment.redisStock(sale.ticketTypeId()), unexpected);
	}

	void assertAll() {
		assertThat(this.freeInPostgres).as("units left unsold once the gate said sold out").isZero();
		assertThat(this.redisStock).as("the gate after the sell-out").isZero();
		assertThat(this.unexpected).as("unexpected answers while buying the rest").isEmpty();
	}

}
