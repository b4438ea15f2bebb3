package io.ticketbooking.orders;

import java.util.List;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts;
import io.ticketbooking.support.TestEvents;

/**
 * What the order tests share: accounts, events on sale, HTTP, and direct looks at both
 * stores.
 */
abstract class OrdersFixture extends ApplicationFixture {

	Http.Response reserve(TestAccounts.Account buyer, TestEvents.OnSale sale, int quantity) {
		return reserve(buyer, sale, quantity, null);
	}

	Http.Response reserve(TestAccounts.Account buyer, TestEvents.OnSale sale, int quantity, String idempotencyKey) {
		Http.Call call = new OrdersApi(http()).reserve(buyer.token(), sale.eventId(), sale.ticketTypeId(), quantity);
		if (idempotencyKey != null) {
			call.header("Idempotency-Key", idempotencyKey);
		}
		return call.execute();
	}

	/** Units of the ticket type that Postgres records as held or sold. */
	int takenUnits(UUID ticketTypeId) {
		return this.jdbc.sql(InventoryInvariants.TAKEN_UNITS).param(ticketTypeId).query(Integer.class).single();
	}

	/**
	 * Orders of the ticket type whose units in Postgres differ from what they should
	 * hold: their quantity while RESERVED or CONFIRMED, none otherwise. Empty when
	 * consistent.
	 */
	List<String> ordersWithWrongUnits(UUID ticketTypeId) {
		return this.jdbc.sql(InventoryInvariants.ORDERS_WITH_WRONG_UNITS)
			.param(ticketTypeId)
			.query(String.class)
			.list();
	}

	List<UUID> ordersOf(UUID ticketTypeId) {
		return this.jdbc.sql(InventoryInvariants.ORDER_IDS).param(ticketTypeId).query(UUID.class).list();
	}

	int reservedQuantity(UUID ticketTypeId) {
		return this.jdbc.sql(InventoryInvariants.HELD_OR_SOLD).param(ticketTypeId).query(Integer.class).single();
	}

	/** The gate's stock for the ticket type, or null when Redis has no entry. */
	Integer redisStock(UUID ticketTypeId) {
		return redisGate().stock(ticketTypeId);
	}

	void flushRedis() {
		redisGate().flush();
	}

	/** Retries the assertion for up to ten seconds. */
	static void eventually(Runnable assertion) {
		long deadline = System.currentTimeMillis() + 10_000;
		while (true) {
			try {
				assertion.run();
				return;
			}
			catch (AssertionError ex) {
				if (System.currentTimeMillis() > deadline) {
					throw ex;
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ie) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

}
