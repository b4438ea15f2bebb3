package io.ticketbooking.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.config.RedisConnections.Master;
import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.TestEvents.OnSale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admissions are leases: whatever happens between the gate script and the claim's commit
 * (the instance dies, the claim hangs, the gate is rebuilt), every admitted unit ends up
 * either held by a committed claim or back in the gate, exactly once. Each test ends with
 * the gate's stock equal to the free units in Postgres.
 */
@IntegrationTest
class GateLeaseTests extends ApplicationFixture {

	/** How long before its lease ends {@link #admitEndingSoon} admits. */
	private static final Duration SOON = Duration.ofSeconds(2);

	@Autowired
	Inventory inventory;

	@Autowired
	LeaseReaper reaper;

	@Autowired
	GateReturns returns;

	@Autowired
	StockGate gate;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Reconciler reconciler;

	@Autowired
	InventoryProperties properties;

	/**
	 * Redis loses its data while a rebuild of the missing gates runs: the rebuild must
	 * not then mark the gates complete (the gates it had passed over as present are gone
	 * too), so the next loss check rebuilds them.
	 */
	@Test
	void aFlushDuringARebuildLeavesTheLossMarkerUnsetSoTheNextCheckRebuilds() {
		OnSale sale = sale(10);
		assertThat(stock(sale)).isEqualTo(10);
		for (Master master : this.gate.masters()) {
			this.gate.markRebuilding(master);
		}
		redisGate().flush();
		for (Master master : this.gate.masters()) {
			this.gate.setLossMarker(master);
			assertThat(this.gate.lossMarker(master)).as("the marker of a master flushed mid-rebuild").isNull();
		}

		// the scheduled loss check (every 2 s) may see the flush too and hold the rebuild
		// lock when this one runs: then this one leaves the rebuild to it
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.reconciler.rebuildIfLost();
			assertThat(stock(sale)).as("rebuilt by the next loss check").isEqualTo(10);
			for (Master master : this.gate.masters()) {
				assertThat(this.gate.lossMarker(master)).isEqualTo(master.replicationId());
			}
		});
	}

	@Test
	void anAdmissionWhoseClaimNeverRanComesBackOnceHoweverManyReapersRun() throws Exception {
		OnSale sale = sale(10);
		double returnedBefore = counter("inventory.leases.units.returned");
		Admission crashed = admitEndingSoon(sale, 3);
		assertThat(stock(sale)).isEqualTo(7);
		awaitLeaseEnd();

		// four instances' reapers at the same moment
		CyclicBarrier start = new CyclicBarrier(4);
		List<Thread> reapers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			reapers.add(Thread.ofPlatform().start(() -> {
				await(start);
				this.reaper.reap();
			}));
		}
		for (Thread thread : reapers) {
			thread.join();
		}

		assertThat(this.gate.lease(this.gate.keys(sale.ticketTypeId()), crashed.id())).isNull();
		assertThat(stock(sale)).isEqualTo(10).isEqualTo(freeInPostgres(sale));
		assertThat(counter("inventory.leases.units.returned") - returnedBefore).isEqualTo(3);
		assertThat(unitsOfUserInGate(sale, crashed.userId())).as("the user's per-type count gave them back too")
			.isNull();
	}

	@Test
	void aClaimThatCommittedBeforeItsInstanceDiedIsSettledNotGivenBack() {
		OnSale sale = sale(10);
		Admission admission = admitEndingSoon(sale, 3);
		// the claim commits; the instance dies before it settles the lease
		assertThat(claimAndCommit(admission)).isEqualTo(ClaimResult.CLAIMED);
		awaitLeaseEnd();

		this.reaper.reap();

		assertThat(this.gate.lease(this.gate.keys(sale.ticketTypeId()), admission.id())).isNull();
		assertThat(stock(sale)).isEqualTo(7).isEqualTo(freeInPostgres(sale));
		assertThat(unitsOfUserInGate(sale, admission.userId())).isEqualTo("3");
	}

	@Test
	void anAdmissionTheReaperGaveBackCanNeverCommitAfterwards() {
		OnSale sale = sale(10);
		Admission late = admitPastItsDeadline(sale, 2);
		this.reaper.reap();
		assertThat(stock(sale)).isEqualTo(10);

		// the instance was only paused (a long GC, a stalled network): its claim comes
		// now
		assertThat(claimAndCommit(late)).isEqualTo(ClaimResult.EXPIRED);
		assertThat(this.inventory.abort(late)).as("nothing left to give back").isZero();

		assertThat(stock(sale)).isEqualTo(10).isEqualTo(freeInPostgres(sale));
	}

	@Test
	void aClaimStillInFlightIsWaitedForThenSettled() throws Exception {
		OnSale sale = sale(10);
		Admission admission = admitEndingSoon(sale, 4);
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch mayCommit = new CountDownLatch(1);
		Thread claim = Thread.ofPlatform().start(() -> this.transactions.executeWithoutResult((tx) -> {
			assertThat(this.inventory.claim(admission, admission.id())).isEqualTo(ClaimResult.CLAIMED);
			claimed.countDown();
			await(mayCommit);
		}));
		assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
		awaitLeaseEnd();

		// the arbiter row is not committed yet: the reaper may not guess either way
		this.reaper.reap();
		assertThat(this.gate.lease(this.gate.keys(sale.ticketTypeId()), admission.id())).isNotNull();
		assertThat(stock(sale)).isEqualTo(6);

		mayCommit.countDown();
		claim.join();
		this.reaper.reap();
		assertThat(this.gate.lease(this.gate.keys(sale.ticketTypeId()), admission.id())).isNull();
		assertThat(stock(sale)).isEqualTo(6).isEqualTo(freeInPostgres(sale));
	}

	@Test
	void aRebuildWaitsForClaimsInFlightAndAdmissionsOfTheOldGateCannotCommit() throws Exception {
		OnSale sale = sale(10);
		Admission inFlight = admit(sale, 2, Instant.now());
		Admission waiting = admit(sale, 3, Instant.now());
		double correctionsBefore = counter("inventory.rebuild.corrections");
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch mayCommit = new CountDownLatch(1);
		Thread claim = Thread.ofPlatform().start(() -> this.transactions.executeWithoutResult((tx) -> {
			assertThat(this.inventory.claim(inFlight, inFlight.id())).isEqualTo(ClaimResult.CLAIMED);
			claimed.countDown();
			await(mayCommit);
		}));
		assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
		Thread rebuild = Thread.ofPlatform().start(() -> this.inventory.reconcile(sale.ticketTypeId()));
		Thread.sleep(300);
		assertThat(rebuild.isAlive()).as("the rebuild waits for the claim in flight").isTrue();

		mayCommit.countDown();
		claim.join();
		rebuild.join();
		this.inventory.settle(inFlight, inFlight.id());

		// the second admission was let through by the gate before the rebuild
		assertThat(claimAndCommit(waiting)).isEqualTo(ClaimResult.GATE_REBUILT);
		assertThat(this.inventory.abort(waiting)).as("the rebuild already counted its units as free").isZero();
		assertThat(stock(sale)).isEqualTo(8).isEqualTo(freeInPostgres(sale));
		assertThat(counter("inventory.rebuild.corrections")).as("nothing to correct: the old gate was right")
			.isEqualTo(correctionsBefore);
	}

	@Test
	void aKeyedAdmissionOfARebuiltGateLeavesItsKeyFreeForTheRetry() {
		OnSale sale = sale(10);
		UUID buyer = accounts().create().id();
		Attempt keyed = new Attempt(sale.eventId(), sale.ticketTypeId(), buyer, 2, "key-1", Instant.now(),
				AttemptLimit.NONE);
		GateDecision first = this.inventory.admit(keyed, () -> {
		});
		assertThat(first.outcome()).isEqualTo(GateOutcome.ADMITTED);
		this.inventory.reconcile(sale.ticketTypeId());
		assertThat(claimAndCommit(first.admission())).isEqualTo(ClaimResult.GATE_REBUILT);

		// the rebuild dropped the lease and freed the key it held pending: a retry (or a
		// repeat) passes the new gate even when nobody aborts the old admission
		GateDecision retry = this.inventory.admit(keyed, () -> {
		});
		assertThat(retry.outcome()).as("the retry passes the new gate").isEqualTo(GateOutcome.ADMITTED);
		assertThat(this.inventory.abort(first.admission())).as("the rebuild counted its units as free").isZero();
		assertThat(claimAndCommit(retry.admission())).isEqualTo(ClaimResult.CLAIMED);
		this.inventory.settle(retry.admission(), retry.admission().id());
		assertThat(stock(sale)).isEqualTo(8).isEqualTo(freeInPostgres(sale));
		GateDecision repeat = this.inventory.admit(keyed, () -> {
		});
		assertThat(repeat.outcome()).as("the key works again: it answers with the retry's order")
			.isEqualTo(GateOutcome.DUPLICATE);
		assertThat(repeat.firstResult()).isEqualTo(new FirstResult.Done(retry.admission().id()));
	}

	@Test
	void freedUnitsWhoseReturnTimedOutAreGivenBackByTheReaperOnce() throws Exception {
		OnSale sale = sale(10);
		Admission admission = admit(sale, 4, Instant.now());
		assertThat(claimAndCommit(admission)).isEqualTo(ClaimResult.CLAIMED);
		this.inventory.settle(admission, admission.id());
		assertThat(stock(sale)).isEqualTo(6);

		// Redis holds every write longer than the client waits: the return times out
		// (Redis may or may not run it afterwards) and its row stays for the reaper
		redisGate().pauseWrites(sale.ticketTypeId(), 3000);
		this.transactions.executeWithoutResult((tx) -> this.inventory.free(admission.id()));
		assertThat(pendingReturns(sale)).isEqualTo(1);
		Thread.sleep(1500);

		assertThat(this.returns.applyPending(Instant.now().plusSeconds(1), 100)).isEqualTo(1);
		assertThat(pendingReturns(sale)).isZero();
		assertThat(stock(sale)).isEqualTo(10).isEqualTo(freeInPostgres(sale));
	}

	@Test
	void aReturnAppliedBeforeItsRowWasDeletedIsNotAppliedTwice() {
		OnSale sale = sale(10);
		Admission admission = admit(sale, 4, Instant.now());
		assertThat(claimAndCommit(admission)).isEqualTo(ClaimResult.CLAIMED);
		this.inventory.settle(admission, admission.id());
		Map<String, Object> recorded = this.transactions.execute((tx) -> {
			this.inventory.free(admission.id());
			return this.jdbc.sql("select * from gate_returns where ticket_type_id = :tt")
				.param("tt", sale.ticketTypeId())
				.query()
				.singleRow();
		});
		assertThat(stock(sale)).as("applied after commit").isEqualTo(10);
		awaitNoPendingReturns(sale);
		assertThat(stock(sale)).isEqualTo(10);

		// as if the instance died between applying the return and deleting its row
		this.jdbc
			.sql("insert into gate_returns (id, ticket_type_id, user_id, quantity, epoch) "
					+ "values (:id, :ticket_type_id, :user_id, :quantity, :epoch)")
			.paramSource(recorded)
			.update();
		assertThat(this.returns.applyPending(Instant.now().plusSeconds(1), 100)).isEqualTo(1);

		assertThat(pendingReturns(sale)).isZero();
		assertThat(stock(sale)).isEqualTo(10).isEqualTo(freeInPostgres(sale));
	}

	private OnSale sale(int capacity) {
		UUID organizer = accounts().create("ORGANIZER").id();
		return events().onSale(organizer, capacity, capacity);
	}

	/** Admitted a minute ago: its lease is already past its deadline. */
	private Admission admitPastItsDeadline(OnSale sale, int quantity) {
		return admit(sale, quantity, Instant.now().minus(Duration.ofMinutes(1)));
	}

	/**
	 * An admission whose lease ends {@link #SOON}: what a test does with it at once (a
	 * claim, a look at the stock) comes before the scheduled reaper (every second) may
	 * give it back, which an admission already past its deadline cannot promise on a
	 * loaded machine; {@link #awaitLeaseEnd} then waits until the test's own reap is past
	 * the deadline.
	 */
	private Admission admitEndingSoon(OnSale sale, int quantity) {
		return admit(sale, quantity, Instant.now().minus(this.properties.leaseTtl()).plus(SOON));
	}

	private static void awaitLeaseEnd() {
		try {
			Thread.sleep(SOON.plusMillis(300));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Admission admit(OnSale sale, int quantity, Instant now) {
		UUID buyer = accounts().create().id();
		GateDecision decision = this.inventory.admit(
				new Attempt(sale.eventId(), sale.ticketTypeId(), buyer, quantity, null, now, AttemptLimit.NONE), () -> {
				});
		assertThat(decision.outcome()).isEqualTo(GateOutcome.ADMITTED);
		return decision.admission();
	}

	private ClaimResult claimAndCommit(Admission admission) {
		return this.transactions.execute((tx) -> this.inventory.claim(admission, admission.id()));
	}

	private Integer stock(OnSale sale) {
		return this.gate.stock(List.of(sale.ticketTypeId())).get(sale.ticketTypeId());
	}

	private int freeInPostgres(OnSale sale) {
		return this.jdbc.sql(InventoryInvariants.FREE_UNITS).param(sale.ticketTypeId()).query(Integer.class).single();
	}

	/** Rows of applied returns are deleted in the background, moments later. */
	private void awaitNoPendingReturns(OnSale sale) {
		long deadline = System.currentTimeMillis() + 5000;
		while (pendingReturns(sale) > 0) {
			assertThat(System.currentTimeMillis()).as("the applied return's row was deleted").isLessThan(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private int pendingReturns(OnSale sale) {
		return this.jdbc.sql(InventoryInvariants.PENDING_RETURNS)
			.param(sale.ticketTypeId())
			.query(Integer.class)
			.single();
	}

	private String unitsOfUserInGate(OnSale sale, UUID userId) {
		try (RedisLink<String, String> redis = redis()) {
			return redis.sync().hget(new StockKeys(sale.eventId(), sale.ticketTypeId()).users(), userId.toString());
		}
	}

	private double counter(String name) {
		return this.meters.get(name).counter().count();
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
