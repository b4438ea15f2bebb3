package io.ticketbooking.faults;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.RedisLinks;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for the system to recover or settle after faults, each with its limit. */
final class Waits {

	private Waits() {
	}

	/** Time until the gate of the sale exists in Redis again. */
	static Duration awaitGate(Sale sale) throws InterruptedException {
		long started = System.nanoTime();
		try (RedisLink<String, String> redis = RedisLinks.open()) {
			while (redis.sync().hget(Deployment.gateKey(sale.ticketTypeId()), "stock") == null) {
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
				Thread.sleep(20);
			}
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** Time until every instance answers healthy again. */
	static Duration awaitAllHealthy(List<ServiceInstance> instances) throws InterruptedException {
		long started = System.nanoTime();
		for (ServiceInstance instance : instances) {
			instance.awaitHealthy(Duration.ofSeconds(120));
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/** Until every hold of the sale has ended, by expiry or cancellation. */
	static void awaitNoHolds(Sale sale, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (Database.count("select count(*) from orders where ticket_type_id = ? and status = 'RESERVED'",
				sale.ticketTypeId()) > 0) {
			assertThat(System.nanoTime()).as("holds still RESERVED after " + limit).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	/**
	 * Until no admission is open and no return of freed units waits to be applied: then
	 * the gate must equal PostgreSQL's free units exactly.
	 */
	static void awaitSettled(Sale sale, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!settled(sale)) {
			assertThat(System.nanoTime()).as("admissions or returns still open after " + limit).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	/** No admission of the sale is open and no return of its units waits. */
	static boolean settled(Sale sale) {
		UUID ticketTypeId = sale.ticketTypeId();
		return Deployment.openLeases(ticketTypeId) == 0
				&& Database.count(InventoryInvariants.PENDING_RETURNS, ticketTypeId) == 0;
	}

	/**
	 * Until every confirmed order has its tickets, or the limit passes (checked after).
	 */
	static void awaitTickets(Sale sale, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline && !Invariants.ordersWithoutTheirTickets(sale).isEmpty()) {
			Thread.sleep(500);
		}
	}

	/** Sleeps; an interrupt ends the sleep and stays set. */
	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
