package io.ticketbooking.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.faults.Reports.seconds;
import static io.ticketbooking.faults.Waits.awaitAllHealthy;
import static io.ticketbooking.faults.Waits.awaitGate;
import static io.ticketbooking.faults.Waits.awaitNoHolds;
import static io.ticketbooking.faults.Waits.awaitSettled;
import static io.ticketbooking.faults.Waits.awaitTickets;

/**
 * Faults in the middle of a sale, against the machine's real PostgreSQL, Redis and
 * RabbitMQ (docs/reliability.md, "Faults mid-sale and two instances"). Two application
 * instances run as separate processes on different ports; buyers reserve, pay through
 * signed webhooks, cancel or let their holds run out, spread over both. While they do,
 * one instance is killed with SIGKILL and restarted, Redis is flushed, RabbitMQ is
 * restarted and PostgreSQL is restarted. Then the invariants of docs/architecture.md
 * ("Invariants and how each is kept") are checked in PostgreSQL and Redis: nothing
 * oversold, every {@code 201} still an order, every paid order confirmed with exactly its
 * tickets, every unit of an ended hold back exactly once, and both instances serving
 * without a hand on them. Recovery times go to {@code target/faults/report.md}.
 * <p>
 * Run with {@code ./mvnw -Pfaults verify} and {@code DB_HOST}, {@code REDIS_HOST},
 * {@code RABBITMQ_URL} naming services this test may restart ({@code .ci/run} does).
 */
class FaultsMidSaleIT {

	/** Enough that the sale is still on when the last fault hits. */
	static final int CAPACITY = 3000;

	static final int PER_USER_LIMIT = 50;

	static final int BUYERS = 150;

	static final int WORKERS = 8;

	static final Duration HOLD_TTL = Duration.ofSeconds(12);

	static final Path OUT = Path.of("target", "faults");

	static Fleet fleet;

	static List<ServiceInstance> instances;

	static final MidSaleReport report = new MidSaleReport(OUT.resolve("report.md"), "Faults mid-sale",
			"Two instances, " + BUYERS + " buyers on " + WORKERS + " workers, capacity " + CAPACITY + ", hold TTL "
					+ HOLD_TTL.toSeconds() + " s.");

	@BeforeAll
	static void startTwoInstances() throws Exception {
		Deployment
			.assertServicesNamed("The fault suite restarts real services: set DB_HOST, REDIS_HOST and RABBITMQ_URL "
					+ "(and the FAULTS_RESTART_* commands if the defaults do not fit), see docs/reliability.md");
		fleet = Fleet.start(List.of("A", "B"), HOLD_TTL, OUT, Duration.ofSeconds(120));
		instances = fleet.instances;
	}

	@AfterAll
	static void stop() throws Exception {
		if (fleet != null) {
			fleet.close();
		}
	}

	@Test
	void aSaleSurvivesACrashAFlushAndBrokerAndDatabaseRestarts() throws Exception {
		Sale sale = Sale.open(instances.get(0), CAPACITY, PER_USER_LIMIT, BUYERS);
		Load load = new Load(sale, instances);
		load.start(WORKERS);
		try {
			load.runFor(Duration.ofSeconds(8), "warm-up, both instances");

			ServiceInstance a = instances.get(0);
			Instant killed = Instant.now();
			a.kill();
			load.runFor(Duration.ofSeconds(3), "instance A killed (SIGKILL), B serving alone");
			a.start();
			Duration aBack = a.awaitHealthy(Duration.ofSeconds(180));
			report.fault("kill -9 of instance A, then started again",
					"B kept serving throughout; A healthy again " + seconds(aBack) + " after its restart was issued ("
							+ seconds(Duration.between(killed, Instant.now())) + " after the kill)",
					load.window("instance A killed (SIGKILL), B serving alone"));
			load.runFor(Duration.ofSeconds(5), "after the crash, both instances");

			load.runFor(Duration.ZERO, "Redis flushed");
			long flushed = System.nanoTime();
			Deployment.flushRedis();
			Duration rebuilt = awaitGate(sale);
			Duration sellingAfterFlush = load.awaitWinAfter(flushed);
			load.runFor(Duration.ofSeconds(2), "Redis flushed");
			report.fault("Redis FLUSHALL mid-sale",
					"gate rebuilt from PostgreSQL " + seconds(rebuilt) + " after the flush, without a restart; "
							+ "the next reservation won " + seconds(sellingAfterFlush) + " after it",
					load.window("Redis flushed"));
			load.runFor(Duration.ofSeconds(5), "after the Redis flush");

			load.runFor(Duration.ZERO, "RabbitMQ restarting");
			Duration rabbit = Deployment.restart("RabbitMQ", "FAULTS_RESTART_RABBITMQ",
					"rabbitmqctl stop >/dev/null && rabbitmq-server -detached", OUT);
			Duration rabbitHealthy = awaitAllHealthy(instances);
			report.fault("RabbitMQ restarted (stop, start)", "restart command took " + seconds(rabbit)
					+ "; both instances healthy " + seconds(rabbitHealthy)
					+ " after it returned; reservations and payments went on, confirmations waited in the outbox",
					load.window("RabbitMQ restarting"));
			load.runFor(Duration.ofSeconds(6), "after the RabbitMQ restart");

			load.runFor(Duration.ZERO, "PostgreSQL restarting");
			Duration postgres = Deployment.restart("PostgreSQL", "FAULTS_RESTART_POSTGRES",
					"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main restart -m fast",
					OUT);
			long postgresBack = System.nanoTime();
			Duration postgresHealthy = awaitAllHealthy(instances);
			Duration sellingAfterPostgres = load.awaitWinAfter(postgresBack);
			report.fault("PostgreSQL restarted (fast shutdown, start)",
					"restart command took " + seconds(postgres) + "; both instances healthy " + seconds(postgresHealthy)
							+ " and the next reservation won " + seconds(sellingAfterPostgres) + " after it returned",
					load.window("PostgreSQL restarting"));
			load.runFor(Duration.ofSeconds(6), "after the PostgreSQL restart");
		}
		finally {
			load.stop();
		}

		// every hold ends (expiry or cancel) and every confirmed order gets its tickets
		awaitNoHolds(sale, HOLD_TTL.plusSeconds(30));
		awaitTickets(sale, Duration.ofSeconds(180));
		awaitSettled(sale, Duration.ofSeconds(60));

		Invariants check = Invariants.of(sale, load);
		// 12 s holds: the rest is paid for as it is bought, or it would come back
		Drain drain = Drain.restPaid(sale, instances.get(1));
		report.write(sale, load, check, drain);
		check.assertAll();
		drain.assertAll();
	}

}
