package io.ticketbooking.orders;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis loses everything in the middle of a sale: no oversell, the gate is rebuilt, sales
 * go on.
 */
@IntegrationTest
class RedisLossTests extends OrdersFixture {

	@Autowired
	DataSource dataSource;

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

	/**
	 * One gate goes missing while Redis kept everything else (its loss marker says no
	 * loss): the many requests that find it missing build it once between them, under the
	 * type's lock in Postgres. Each build would start a new epoch and send the claims the
	 * previous gate admitted back through the gate; a request sent back twice was
	 * answered 503.
	 */
	@Test
	void requestsThatAllFindAGateMissingBuildItOnce() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 50, 2);
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			buyers.add(accounts().create());
		}
		assertThat(reserve(buyers.get(0), sale, 1).status()).isEqualTo(201);
		long epoch = gateEpoch(sale.ticketTypeId());
		try (RedisLink<String, String> redis = redis()) {
			assertThat(redis.sync().del(RedisGate.key(sale.eventId(), sale.ticketTypeId()))).isEqualTo(1);
		}

		List<Http.Response> answers = ReservationConcurrencyTests.concurrently(99,
				(i) -> reserve(buyers.get(i + 1), sale, 1));
		assertThat(answers).allSatisfy((r) -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
		assertThat(answers.stream().filter((r) -> r.status() == 201)).hasSize(49);
		assertThat(gateEpoch(sale.ticketTypeId())).as("the gate was built once").isEqualTo(epoch + 1);
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(50);
		assertThat(redisStock(sale.ticketTypeId())).isZero();
	}

	private long gateEpoch(UUID ticketTypeId) {
		return this.jdbc.sql("select epoch from inventory_gates where ticket_type_id = :tt")
			.param("tt", ticketTypeId)
			.query(Long.class)
			.single();
	}

	/**
	 * A failover to a replica that missed the master's last writes, simulated exactly:
	 * the gate holds units it already gave away (a lost decrement) and the master's data
	 * is of another history than the gate was made in (its loss marker names another
	 * replication id). The loss check rebuilds every gate that master serves, so the gate
	 * equals Postgres's free units again, and the marker names the master's own history.
	 */
	@Test
	void aGateInDataOfAnotherHistoryIsRebuiltExactly() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 20, 2);
		for (int i = 0; i < 3; i++) {
			assertThat(reserve(accounts().create(), sale, 2).status()).isEqualTo(201);
		}
		String marker = redisGate().lossMarkerKey(sale.ticketTypeId());
		String history;
		try (RedisLink<String, String> redis = redis()) {
			history = redis.sync().get(marker);
			assertThat(history).as("the master's loss marker names its history").isNotNull();
			// the replica that took over missed the last reservation's decrement
			redis.sync().hincrby(RedisGate.key(sale.eventId(), sale.ticketTypeId()), "stock", 2);
			redis.sync().set(marker, "the-history-of-the-failed-master");
		}
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(16);

		eventually(() -> assertThat(redisStock(sale.ticketTypeId())).as("rebuilt from Postgres").isEqualTo(14));
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(6);
		// the marker is set once every gate the master serves is rebuilt, after this one
		eventually(() -> {
			try (RedisLink<String, String> redis = redis()) {
				assertThat(redis.sync().get(marker)).as("the marker names the master's history again")
					.isEqualTo(history);
			}
		});
		assertThat(reserve(accounts().create(), sale, 2).status()).isEqualTo(201);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(12);
	}

	/**
	 * The flush hits while admissions are between the gate and their commit: the rebuilt
	 * gate must equal Postgres's free units exactly, not "at least" (a unit counted twice
	 * would pass that), in every round.
	 */
	@Test
	void flushesWhileClaimsAreInFlightLeaveTheGateExactlyEqualToPostgres() throws Exception {
		UUID organizer = accounts().create("ORGANIZER").id();
		List<Account> buyers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			buyers.add(accounts().create());
		}
		for (int round = 0; round < 4; round++) {
			OnSale sale = events().onSale(organizer, 300, 4);
			long flushAfterMillis = ThreadLocalRandom.current().nextLong(20, 250);
			Thread flusher = Thread.ofVirtual().start(() -> {
				try {
					Thread.sleep(flushAfterMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				flushRedis();
			});
			List<Http.Response> answers = ReservationConcurrencyTests.concurrently(400,
					(i) -> reserve(buyers.get(i % buyers.size()), sale, 1 + i % 2));
			flusher.join();

			String what = "round " + round + ", flushed after " + flushAfterMillis + " ms";
			assertThat(answers).as(what).allSatisfy((r) -> assertThat(r.status()).as(r.toString()).isIn(201, 409, 503));
			List<UUID> won = answers.stream()
				.filter((r) -> r.status() == 201)
				.map((r) -> UUID.fromString(r.json().path("id").asString()))
				.toList();
			assertThat(won).as(what).isNotEmpty();
			assertThat(ordersOf(sale.ticketTypeId())).as(what + ": every 201 is an order").containsAll(won);
			assertThat(ordersWithWrongUnits(sale.ticketTypeId())).as(what).isEmpty();
			assertThat(takenUnits(sale.ticketTypeId())).as(what).isEqualTo(reservedQuantity(sale.ticketTypeId()));
			// the gate is back (a reservation after the flush, or the loss check, rebuilt
			// it)
			eventually(() -> assertThat(redisStock(sale.ticketTypeId())).isNotNull());
			assertThat(redisStock(sale.ticketTypeId())).as(what + ": the gate equals the free units")
				.isEqualTo(sale.capacity() - takenUnits(sale.ticketTypeId()));
		}
	}

	/**
	 * The worst case for a rebuild: Redis is flushed while claims are admitted but
	 * stalled before their commit (here behind a table lock), and the loss check rebuilds
	 * the gate meanwhile. Counting the stalled claims' units as free and letting the
	 * claims commit afterwards would leave the gate above the truth; the rebuild must
	 * wait for them.
	 */
	@Test
	void aFlushWhileClaimsAreStalledBeforeTheirCommitIsRebuiltExactly() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 50, 2);
		List<Account> buyers = new ArrayList<>();
		// fewer claims than the connection pool holds: the rebuild needs connections too
		for (int i = 0; i < 8; i++) {
			buyers.add(accounts().create());
		}
		List<Http.Response> answers;
		try (Connection lock = this.dataSource.getConnection()) {
			lock.setAutoCommit(false);
			lock.createStatement().execute("lock table orders in share row exclusive mode");
			var pending = CompletableFuture.supplyAsync(() -> {
				try {
					return ReservationConcurrencyTests.concurrently(8, (i) -> reserve(buyers.get(i), sale, 1));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, Executors.newVirtualThreadPerTaskExecutor());
			// every claim admitted and waiting to insert its order
			eventually(() -> assertThat(this.jdbc
				.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
						+ "and query like '%insert into orders%'")
				.query(Integer.class)
				.single()).isEqualTo(8));
			flushRedis();
			// the loss check runs within its 2 s interval while the claims are stalled
			Thread.sleep(2500);
			lock.rollback();
			answers = pending.get(60, TimeUnit.SECONDS);
		}
		assertThat(answers).allSatisfy((r) -> assertThat(r.status()).as(r.toString()).isIn(201, 503));
		assertThat(answers.stream().filter((r) -> r.status() == 201)).isNotEmpty();
		eventually(() -> assertThat(redisStock(sale.ticketTypeId())).isNotNull());
		eventually(() -> assertThat(redisStock(sale.ticketTypeId())).as("the gate equals the free units")
			.isEqualTo(50 - takenUnits(sale.ticketTypeId())));
		Thread.sleep(1000);
		assertThat(redisStock(sale.ticketTypeId())).as("and stays so").isEqualTo(50 - takenUnits(sale.ticketTypeId()));
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
	}

	@Test
	void aGateCallThatTimesOutIsA503AndTheGateIsRebuiltWhateverRedisDidWithIt() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 5, 2);
		Account buyer = accounts().create();
		// Redis holds every write, the reserve script included, for longer than the
		// client's 2 s timeout, then runs it after the client has given up
		redisGate().pauseWrites(sale.ticketTypeId(), 3000);
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
