package io.ticketbooking.orders;

import java.util.UUID;

import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance answers a sold-out ticket type's refusals from memory, and forgets that it
 * is sold out as soon as stock comes back: at once when it returns the units itself, on
 * the stock-back message when another instance does, and after at most a second if the
 * message is lost.
 */
@IntegrationTest
class SoldOutFlagTests extends OrdersFixture {

	@Test
	void refusalsOfAKnownSoldOutTypeDoNotAskRedis() {
		SoldOut soldOut = soldOut();
		long before = scriptCalls();
		for (int i = 0; i < 20; i++) {
			assertThat(reserve(soldOut.buyer(), soldOut.sale(), 1).json().path("code").asString())
				.isEqualTo("SOLD_OUT");
		}
		// background work (the reaper, returns of other tests' holds) may run a script or
		// two meanwhile; twenty refusals through the gate would be twenty
		assertThat(scriptCalls() - before).isLessThan(5);
	}

	@Test
	void attemptsWithAnIdempotencyKeyStillAskTheGate() {
		SoldOut soldOut = soldOut();
		long before = scriptCalls();
		for (int i = 0; i < 10; i++) {
			assertThat(reserve(soldOut.buyer(), soldOut.sale(), 1, "key-" + i).json().path("code").asString())
				.isEqualTo("SOLD_OUT");
		}
		assertThat(scriptCalls() - before).isGreaterThanOrEqualTo(10);
	}

	@Test
	void unitsThisInstanceGivesBackAreForSaleAtOnce() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		Account first = accounts().create();
		Http.Response won = reserve(first, sale, 1);
		assertThat(won.status()).isEqualTo(201);
		Account second = accounts().create();
		assertThat(reserve(second, sale, 1).json().path("code").asString()).isEqualTo("SOLD_OUT");
		assertThat(reserve(second, sale, 1).json().path("code").asString()).isEqualTo("SOLD_OUT");

		Http.Response cancelled = http().post("/api/v1/orders/" + won.json().path("id").asString() + "/cancel", "")
			.bearer(first.token())
			.execute();
		assertThat(cancelled.status()).isEqualTo(200);

		assertThat(reserve(second, sale, 1).status()).as("no stale sold-out answer").isEqualTo(201);
	}

	@Test
	void stockAnotherInstanceGivesBackIsForSaleOnItsMessage() throws Exception {
		SoldOut soldOut = soldOut();
		OnSale sale = soldOut.sale();
		Http.Response won = soldOut.won();
		Account buyer = soldOut.buyer();

		// what another instance's cancel does: the unit freed in PostgreSQL, then its
		// return script puts it back in the gate and publishes the ticket type
		cancelBehindThisInstance(won);
		try (RedisLink<String, String> redis = redis()) {
			redis.sync().hincrby(RedisGate.key(sale.eventId(), sale.ticketTypeId()), "stock", 1);
			redis.sync().publish("tb:stock-back", sale.ticketTypeId().toString());
		}
		long sent = System.nanoTime();
		Http.Response answer = reserve(buyer, sale, 1);
		while (answer.status() == 409 && System.nanoTime() - sent < 500_000_000L) {
			Thread.sleep(10);
			answer = reserve(buyer, sale, 1);
		}
		assertThat(answer.status()).as("sold-out forgotten well within the flag's second").isEqualTo(201);
	}

	@Test
	void aLostMessageLeavesTheAnswerStaleForAtMostASecond() throws Exception {
		SoldOut soldOut = soldOut();
		OnSale sale = soldOut.sale();
		Http.Response won = soldOut.won();
		Account buyer = soldOut.buyer();

		cancelBehindThisInstance(won);
		// one client, one connection: the loop times the flag, not new connections
		OrdersApi orders = new OrdersApi(http());
		long changed = System.nanoTime();
		try (RedisLink<String, String> redis = redis()) {
			redis.sync().hincrby(RedisGate.key(sale.eventId(), sale.ticketTypeId()), "stock", 1);
		}
		Http.Response answer = orders.reserve(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1).execute();
		while (answer.status() == 409 && System.nanoTime() - changed < 3_000_000_000L) {
			Thread.sleep(20);
			answer = orders.reserve(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1).execute();
		}
		assertThat(answer.status()).isEqualTo(201);
		assertThat((System.nanoTime() - changed) / 1_000_000).as("ms until the stale answer expired").isLessThan(1500);
	}

	/**
	 * The order cancelled and its unit freed in PostgreSQL, as another instance would.
	 */
	private void cancelBehindThisInstance(Http.Response won) {
		UUID order = UUID.fromString(won.json().path("id").asString());
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.sql("update orders set status = 'CANCELLED' where id = :id").param("id", order).update();
			this.jdbc.sql("update inventory_units set order_id = null, holder_id = null where order_id = :id")
				.param("id", order)
				.update();
		});
	}

	/** A ticket type whose one unit was won, and a buyer this instance told SOLD_OUT. */
	private SoldOut soldOut() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		Http.Response won = reserve(accounts().create(), sale, 1);
		assertThat(won.status()).isEqualTo(201);
		Account buyer = accounts().create();
		assertThat(reserve(buyer, sale, 1).json().path("code").asString()).isEqualTo("SOLD_OUT");
		return new SoldOut(sale, won, buyer);
	}

	private record SoldOut(OnSale sale, Http.Response won, Account buyer) {
	}

	/** EVALSHA calls Redis has served so far (its own command statistics). */
	private long scriptCalls() {
		return redisGate().calls("evalsha");
	}

}
