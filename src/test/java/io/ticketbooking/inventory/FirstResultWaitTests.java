package io.ticketbooking.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KillArgs;
import io.ticketbooking.config.RedisConnections;
import io.ticketbooking.config.RedisLink;
import io.ticketbooking.auth.AccessTokens;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts;
import io.ticketbooking.support.TestEvents;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeat of a pending idempotency key waits for the first request's outcome to be
 * announced: it is woken by the settle or the abort, reads the key once rather than
 * polling it, and still answers within its bound when no announcement comes.
 */
@IntegrationTest
class FirstResultWaitTests {

	/** Longer than any wait below should take: a wake-up comes well before it. */
	private static final Duration BOUND = Duration.ofSeconds(5);

	/**
	 * How late the first request ends: a poll every 10 ms would read the key ~100 times.
	 */
	private static final long FIRST_REQUEST_MILLIS = 1000;

	@Autowired
	Inventory inventory;

	@Autowired
	StockGate gate;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	AccessTokens tokens;

	@Autowired
	RedisConnections redisConnections;

	@Test
	void aWaiterIsWokenByTheSettleAndReadsTheKeyOnlyOnce() throws Exception {
		OnSale sale = sale(10);
		Keyed first = admitWithKey(sale);
		GateDecision repeat = repeat(first);
		assertThat(repeat.outcome()).isEqualTo(GateOutcome.DUPLICATE);
		assertThat(repeat.firstResult()).isEqualTo(FirstResult.PENDING);

		long getsBefore = calls(sale, "get");
		CompletableFuture<FirstResult> waiter = await(first.key(), BOUND);
		Thread.sleep(FIRST_REQUEST_MILLIS);
		assertThat(waiter).as("still waiting while the first request runs").isNotDone();

		assertThat(claimAndCommit(first.admission())).isEqualTo(ClaimResult.CLAIMED);
		long settled = System.nanoTime();
		this.inventory.settle(first.admission(), first.admission().id());
		FirstResult answer = waiter.get(BOUND.toSeconds(), TimeUnit.SECONDS);
		long afterSettle = millisSince(settled);

		assertThat(answer).isEqualTo(new FirstResult.Done(first.admission().id()));
		assertThat(afterSettle).as("ms from the settle to the waiter's answer").isLessThan(500);
		// one read after registering; a poll every 10 ms would have made ~100
		assertThat(calls(sale, "get") - getsBefore).as("GETs while waiting").isLessThanOrEqualTo(3);
	}

	@Test
	void aWaiterIsWokenByTheAbortAndTheKeyIsFreeForItsOwnTry() throws Exception {
		OnSale sale = sale(10);
		Keyed first = admitWithKey(sale);
		long getsBefore = calls(sale, "get");
		CompletableFuture<FirstResult> waiter = await(first.key(), BOUND);
		Thread.sleep(FIRST_REQUEST_MILLIS);
		assertThat(waiter).isNotDone();

		long aborted = System.nanoTime();
		assertThat(this.inventory.abort(first.admission())).isEqualTo(2);
		FirstResult answer = waiter.get(BOUND.toSeconds(), TimeUnit.SECONDS);

		assertThat(answer).isEqualTo(FirstResult.GONE);
		assertThat(millisSince(aborted)).as("ms from the abort to the waiter's answer").isLessThan(500);
		assertThat(calls(sale, "get") - getsBefore).as("GETs while waiting").isLessThanOrEqualTo(3);
		GateDecision own = repeat(first);
		assertThat(own.outcome()).as("the repeat tries for itself").isEqualTo(GateOutcome.ADMITTED);
		this.inventory.abort(own.admission());
		assertThat(stock(sale)).isEqualTo(10);
	}

	@Test
	void forgettingAPendingKeyWakesItsWaiters() throws Exception {
		OnSale sale = sale(10);
		Keyed first = admitWithKey(sale);
		CompletableFuture<FirstResult> waiter = await(first.key(), BOUND);
		Thread.sleep(200);

		long forgotten = System.nanoTime();
		this.gate.forgetPending(sale.eventId(), sale.ticketTypeId(), first.key().userId(), first.key().value());

		assertThat(waiter.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(FirstResult.GONE);
		assertThat(millisSince(forgotten)).isLessThan(500);
		this.inventory.abort(first.admission());
		assertThat(stock(sale)).isEqualTo(10);
	}

	@Test
	void withoutAnAnnouncementTheBoundHoldsAndTheKeyIsReadAtIt() throws Exception {
		Duration bound = Duration.ofMillis(1500);
		Keyed stillRunning = admitWithKey(sale(10));
		Keyed unheard = admitWithKey(sale(10));
		CompletableFuture<FirstResult> waitsForStillRunning = await(stillRunning.key(), bound);
		CompletableFuture<FirstResult> waitsForUnheard = await(unheard.key(), bound);
		long started = System.nanoTime();
		Thread.sleep(200);
		// the first request's result is written, but its announcement is lost
		UUID order = UUID.randomUUID();
		try (RedisLink<String, String> redis = redis()) {
			redis.sync().set(unheard.key().redisKey(), order.toString());
		}

		assertThat(waitsForStillRunning.get(10, TimeUnit.SECONDS)).isEqualTo(FirstResult.PENDING);
		assertThat(waitsForUnheard.get(10, TimeUnit.SECONDS)).as("read once more at the bound")
			.isEqualTo(new FirstResult.Done(order));
		assertThat(millisSince(started)).as("ms until both answered")
			.isGreaterThanOrEqualTo(bound.toMillis() - 50)
			.isLessThan(bound.toMillis() + 1500);
		this.inventory.abort(stillRunning.admission());
		this.inventory.abort(unheard.admission());
	}

	@Test
	void aResubscriptionMakesWaitersReadTheirKeyAgain() throws Exception {
		Keyed first = admitWithKey(sale(10));
		CompletableFuture<FirstResult> waiter = await(first.key(), BOUND);
		Thread.sleep(200);
		UUID order = UUID.randomUUID();
		long dropped = System.nanoTime();
		try (RedisLink<String, String> redis = redis()) {
			// a result whose announcement was missed, then the subscription drops (as
			// when Redis restarts or the network blips) and Lettuce subscribes again
			redis.sync().set(first.key().redisKey(), order.toString());
		}
		gateLooks().onEveryNode((redis) -> redis.clientKill(KillArgs.Builder.typePubsub()));

		assertThat(waiter.get(BOUND.toSeconds() + 5, TimeUnit.SECONDS)).isEqualTo(new FirstResult.Done(order));
		assertThat(millisSince(dropped)).as("ms until read again after resubscribing")
			.isLessThan(BOUND.toMillis() - 1000);
		this.inventory.abort(first.admission());
	}

	private record Keyed(OnSale sale, IdempotencyKey key, Admission admission) {
	}

	private CompletableFuture<FirstResult> await(IdempotencyKey key, Duration bound) {
		CompletableFuture<FirstResult> answer = new CompletableFuture<>();
		Thread.ofVirtual().start(() -> {
			try {
				answer.complete(this.inventory.awaitFirstResult(key, bound));
			}
			catch (Throwable ex) {
				answer.completeExceptionally(ex);
			}
		});
		return answer;
	}

	private OnSale sale(int capacity) {
		UUID organizer = new TestAccounts(this.jdbc, this.tokens).create("ORGANIZER").id();
		return new TestEvents(this.jdbc, this.transactions, this.publisher).onSale(organizer, capacity, capacity);
	}

	/** A first request with an idempotency key, admitted and not yet settled. */
	private Keyed admitWithKey(OnSale sale) {
		UUID buyer = new TestAccounts(this.jdbc, this.tokens).create().id();
		IdempotencyKey key = new IdempotencyKey(sale.eventId(), sale.ticketTypeId(), buyer,
				"checkout|" + UUID.randomUUID());
		GateDecision decision = this.inventory.admit(attempt(sale, key), () -> {
		});
		assertThat(decision.outcome()).isEqualTo(GateOutcome.ADMITTED);
		return new Keyed(sale, key, decision.admission());
	}

	/** The same key again, as a second request would send it. */
	private GateDecision repeat(Keyed first) {
		return this.inventory.admit(attempt(first.sale(), first.key()), () -> {
		});
	}

	private static Attempt attempt(OnSale sale, IdempotencyKey key) {
		return new Attempt(sale.eventId(), sale.ticketTypeId(), key.userId(), 2, key.value(), Instant.now(),
				AttemptLimit.NONE);
	}

	private ClaimResult claimAndCommit(Admission admission) {
		return this.transactions.execute((tx) -> this.inventory.claim(admission, admission.id()));
	}

	private Integer stock(OnSale sale) {
		return this.gate.stock(List.of(sale.ticketTypeId())).get(sale.ticketTypeId());
	}

	/**
	 * Calls of one command the Redis server holding the sale's keys has served so far
	 * (its own command statistics).
	 */
	private long calls(OnSale sale, String command) {
		return gateLooks().callsWhereGateIs(sale.ticketTypeId(), command);
	}

	private RedisLink<String, String> redis() {
		return this.redisConnections.connect();
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	private RedisGate gateLooks() {
		return new RedisGate(this::redis, RedisGate.eventsIn(this.jdbc));
	}

}
