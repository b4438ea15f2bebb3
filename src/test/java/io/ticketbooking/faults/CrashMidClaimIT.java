package io.ticketbooking.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.InventoryInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.faults.Reports.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: an instance dies between the Redis gate and its claim's commit, again and
 * again, and no unit stays stranded. Two instances of the packaged jar: the victim takes
 * a burst of reservations and is killed with SIGKILL at a random moment while they are in
 * flight (several times), and once while its claim transactions are stalled behind a
 * lock; the survivor's lease reaper gives back what never committed. After each crash,
 * within the victim's lease plus the reaper interval, the gate's stock equals
 * PostgreSQL's free units, which equal the capacity less the units orders hold, exactly.
 * Then the rest of the stock sells to zero with no unit left.
 */
class CrashMidClaimIT {

	static final int CAPACITY = 1500;

	static final int PER_USER_LIMIT = 40;

	/** As many as the mid-sale suite's. */
	static final int BUYERS = 150;

	static final int WORKERS = 32;

	static final int CRASHES = 4;

	static final Duration VICTIM_LEASE = Duration.ofSeconds(4);

	static final Duration REAPER_INTERVAL = Duration.ofSeconds(1);

	/** Two busy cores: the reaper's pass, a JIT-cold survivor, the polling itself. */
	static final Duration SLACK = Duration.ofSeconds(5);

	static final Path OUT = Path.of("target", "faults");

	static EmbeddedInfrastructure s3;

	static ServiceInstance survivor;

	static ServiceInstance victim;

	static final List<String> report = new ArrayList<>();

	@BeforeAll
	static void startTwoInstances() throws Exception {
		Deployment.assertServicesNamed("run with the machine's services named, see docs/reliability.md");
		Files.createDirectories(OUT);
		s3 = EmbeddedInfrastructure.start(null);
		Map<String, String> environment = Deployment.environment();
		environment.put("HOLD_TTL", "30m");
		environment.put("INVENTORY_REAPER_INTERVAL", REAPER_INTERVAL.toSeconds() + "s");
		survivor = new ServiceInstance("survivor", Deployment.jar(), environment, Deployment.arguments(s3), OUT);
		Map<String, String> victimEnvironment = new HashMap<>(environment);
		victimEnvironment.put("INVENTORY_LEASE_TTL", VICTIM_LEASE.toSeconds() + "s");
		victim = new ServiceInstance("victim", Deployment.jar(), victimEnvironment, Deployment.arguments(s3), OUT);
		survivor.start();
		victim.start();
		survivor.awaitHealthy(Duration.ofSeconds(120));
		victim.awaitHealthy(Duration.ofSeconds(120));
	}

	@AfterAll
	static void stop() throws Exception {
		for (ServiceInstance instance : new ServiceInstance[] { victim, survivor }) {
			if (instance != null) {
				instance.stop();
			}
		}
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void everyUnitIsSoldExactlyOnceThoughAnInstanceDiesBetweenGateAndCommit() throws Exception {
		Sale sale = Sale.open(survivor, CAPACITY, PER_USER_LIMIT, BUYERS);
		Duration bound = VICTIM_LEASE.plus(REAPER_INTERVAL);
		report.add("| crash | answered before the kill | stranded at the kill (gate vs. PostgreSQL) "
				+ "| exact again after | bound (lease + reaper interval) |");
		report.add("|---|---|---|---|---|");
		for (int crash = 1; crash <= CRASHES; crash++) {
			ensureVictimRunning();
			Burst burst = Burst.start(sale, victim, WORKERS);
			Thread.sleep(ThreadLocalRandom.current().nextLong(300, 1500));
			Instant killed = Instant.now();
			victim.kill();
			burst.stop();
			int stranded = free(sale) - stock(sale);
			Duration exactAfter = awaitExact(sale, killed, bound.plus(SLACK));
			assertEveryWinIsAnOrder(sale, burst);
			report.add("| kill -9 at a random moment (" + crash + ") | " + burst.summary() + " | " + stranded
					+ " units | " + seconds(exactAfter) + " | " + seconds(bound) + " |");
		}

		// claims stalled behind a lock past their bound, the instance alive: they answer
		// 503 and give their admissions back themselves
		ensureVictimRunning();
		Burst overdue = Burst.start(sale, victim, WORKERS);
		Instant lockedAt;
		try (Connection lock = Database.connect()) {
			lock.setAutoCommit(false);
			lock.createStatement().execute("lock table orders in share row exclusive mode");
			lockedAt = Instant.now();
			Thread.sleep(VICTIM_LEASE);
			lock.rollback();
		}
		overdue.stop();
		Duration exactAfterOverdue = awaitExact(sale, lockedAt, bound.plus(SLACK));
		assertEveryWinIsAnOrder(sale, overdue);
		assertThat(overdue.unavailable.get()).as("claims past their bound answer 503").isPositive();
		report.add("| none: claims wait behind a table lock for " + seconds(VICTIM_LEASE) + ", past their bound ("
				+ seconds(VICTIM_LEASE.dividedBy(2)) + ") | " + overdue.summary() + " | – | "
				+ seconds(exactAfterOverdue) + " after the lock was taken | " + seconds(bound) + " |");

		// claims stalled behind a lock when the instance dies: the reaper must wait for
		// them to end, not guess
		ensureVictimRunning();
		Duration exactAfterStall;
		Burst stalled;
		int strandedWhileStalled;
		try (Connection lock = Database.connect()) {
			lock.setAutoCommit(false);
			lock.createStatement().execute("lock table orders in share row exclusive mode");
			stalled = Burst.start(sale, victim, WORKERS);
			awaitClaimsBehindTheLock(Duration.ofSeconds(10));
			victim.kill();
			stalled.stop();
			Thread.sleep(bound.plus(Duration.ofSeconds(1)));
			strandedWhileStalled = free(sale) - stock(sale);
			assertThat(Deployment.openLeases(sale.ticketTypeId()))
				.as("leases whose claims are stalled in flight are neither settled nor given back")
				.isPositive();
			lock.rollback();
		}
		Instant released = Instant.now();
		exactAfterStall = awaitExact(sale, released, bound.plus(SLACK));
		assertEveryWinIsAnOrder(sale, stalled);
		report.add("| kill -9 while claims wait behind a table lock | " + stalled.summary() + " | "
				+ strandedWhileStalled + " units still out while the lock was held | " + seconds(exactAfterStall)
				+ " after the lock was released | " + seconds(bound) + " |");

		Drain drain = Drain.rest(sale, survivor);
		report.add("");
		report.add("Then the rest was bought one unit at a time through the survivor: " + drain.bought()
				+ " units; free in PostgreSQL afterwards: " + drain.freeInPostgres() + "; gate: " + drain.redisStock()
				+ ".");
		writeReport();
		drain.assertAll();
		assertThat(held(sale)).isEqualTo(CAPACITY);
	}

	/**
	 * Waits until claims wait for the lock on {@code orders}: a claim inserts its order
	 * after its arbiter row in the same transaction, so each of them holds an uncommitted
	 * arbiter row that the reaper must not decide for it. Fails past {@code limit}.
	 */
	private static void awaitClaimsBehindTheLock(Duration limit) throws InterruptedException {
		Instant deadline = Instant.now().plus(limit);
		while (Database
			.count("select count(*) from pg_locks where relation = 'orders'::regclass and not granted") == 0) {
			assertThat(Instant.now()).as("no claim reached the insert of its order within %s", limit)
				.isBefore(deadline);
			Thread.sleep(50);
		}
		// let more of the burst pile up behind the first
		Thread.sleep(300);
	}

	private static void ensureVictimRunning() throws InterruptedException {
		if (!victim.up()) {
			victim.start();
			victim.awaitHealthy(Duration.ofSeconds(180));
		}
	}

	/**
	 * Waits until nothing is open (leases, returns) and the gate equals PostgreSQL's free
	 * units, which equal the capacity less what orders hold; answers the time since
	 * {@code since}. Fails past {@code limit}.
	 */
	private static Duration awaitExact(Sale sale, Instant since, Duration limit) throws InterruptedException {
		Instant deadline = since.plus(limit);
		while (true) {
			boolean settled = Waits.settled(sale);
			Integer stock = stock(sale);
			int free = free(sale);
			if (settled && stock != null && stock == free && free == CAPACITY - held(sale)) {
				Duration took = Duration.between(since, Instant.now());
				assertThat(Database.query(InventoryInvariants.ORDERS_WITH_WRONG_UNITS, (rs) -> rs.getString(1),
						sale.ticketTypeId()))
					.isEmpty();
				return took;
			}
			assertThat(Instant.now())
				.as("gate %s, free in PostgreSQL %d, capacity less held %d, open leases %d, %s after the fault", stock,
						free, CAPACITY - held(sale), Deployment.openLeases(sale.ticketTypeId()), limit)
				.isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private static void assertEveryWinIsAnOrder(Sale sale, Burst burst) {
		Set<UUID> stored = Set.copyOf(Database.query(InventoryInvariants.ORDER_IDS, (rs) -> rs.getObject(1, UUID.class),
				sale.ticketTypeId()));
		assertThat(burst.won).as("every 201 is an order").allSatisfy((id) -> assertThat(stored).contains(id));
		assertThat(burst.unexpected).as("answers other than 201, 409, 503 and cut connections").isEmpty();
	}

	private static Integer stock(Sale sale) {
		return Deployment.redisStock(sale.ticketTypeId());
	}

	private static int free(Sale sale) {
		return (int) Database.count(InventoryInvariants.FREE_UNITS, sale.ticketTypeId());
	}

	private static int held(Sale sale) {
		return (int) Database.count(InventoryInvariants.HELD_OR_SOLD, sale.ticketTypeId());
	}

	private static void writeReport() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# Crashes between the gate and the commit: " + Instant.now());
		lines.add("");
		lines.add("Capacity " + CAPACITY + ", " + WORKERS + " buyers in flight at the victim, victim's lease "
				+ VICTIM_LEASE.toSeconds() + " s, survivor's reaper every " + REAPER_INTERVAL.toSeconds() + " s.");
		lines.add("");
		lines.addAll(report);
		Reports.write(OUT.resolve("crash-report.md"), lines);
	}

}
