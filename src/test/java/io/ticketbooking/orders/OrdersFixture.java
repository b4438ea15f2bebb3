package io.ticketbooking.orders;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.TestAccounts;
import io.ticketbooking.support.TestEvents;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the order tests share: accounts, events on sale, HTTP, and direct looks at both
 * stores.
 */
abstract class OrdersFixture extends ApplicationFixture {

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	LettuceConnectionFactory redisFactory;

	TestEvents events() {
		return new TestEvents(this.jdbc, this.transactions, this.publisher);
	}

	Http.Response reserve(TestAccounts.Account buyer, TestEvents.OnSale sale, int quantity) {
		return reserve(buyer, sale, quantity, null);
	}

	Http.Response reserve(TestAccounts.Account buyer, TestEvents.OnSale sale, int quantity, String idempotencyKey) {
		Http.Call call = http()
			.post("/api/v1/orders",
					Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity", quantity))
			.bearer(buyer.token());
		if (idempotencyKey != null) {
			call.header("Idempotency-Key", idempotencyKey);
		}
		return call.execute();
	}

	/** Units of the ticket type that Postgres records as held or sold. */
	int takenUnits(UUID ticketTypeId) {
		return this.jdbc.sql("select count(*) from inventory_units where ticket_type_id = :tt and order_id is not null")
			.param("tt", ticketTypeId)
			.query(Integer.class)
			.single();
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
		return this.jdbc.sql("select id from orders where ticket_type_id = :tt")
			.param("tt", ticketTypeId)
			.query(UUID.class)
			.list();
	}

	int reservedQuantity(UUID ticketTypeId) {
		return this.jdbc
			.sql("select coalesce(sum(quantity), 0) from orders where ticket_type_id = :tt "
					+ "and status in ('RESERVED', 'CONFIRMED')")
			.param("tt", ticketTypeId)
			.query(Integer.class)
			.single();
	}

	/** The gate's stock for the ticket type, or null when Redis has no entry. */
	Integer redisStock(UUID ticketTypeId) {
		try (StatefulRedisConnection<String, String> redis = redisClient().connect()) {
			String stock = redis.sync().hget("tb:tt:{" + ticketTypeId + "}", "stock");
			return (stock != null) ? Integer.valueOf(stock) : null;
		}
	}

	void flushRedis() {
		try (StatefulRedisConnection<String, String> redis = redisClient().connect()) {
			redis.sync().flushall();
		}
	}

	RedisClient redisClient() {
		return (RedisClient) this.redisFactory.getRequiredNativeClient();
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
