package io.ticketbooking.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ticketbooking.support.RedisLinks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.faults.Reports.seconds;
import static io.ticketbooking.faults.Waits.awaitNoHolds;
import static io.ticketbooking.faults.Waits.awaitSettled;
import static io.ticketbooking.faults.Waits.awaitTickets;
import static io.ticketbooking.faults.Waits.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: the Redis Cluster master that serves the sale's ticket type is killed with
 * SIGKILL in the middle of the sale. Its replica takes over (asynchronous replication: it
 * may lack the last writes the master acknowledged); the instances follow the new
 * topology without a restart, see that the master serving the gate holds data of another
 * history (its replication id differs from the one the gate's loss marker recorded) and
 * rebuild every gate it serves from PostgreSQL, exactly as after a flush. The sale goes
 * on and sells out: nothing oversold, every {@code 201} an order, the gate equal to
 * PostgreSQL's free units. The killed node is started again and rejoins as a replica.
 * <p>
 * Runs in the faults profile with {@code REDIS_CLUSTER_NODES} naming the cluster of
 * {@code scripts/redis-cluster.sh} ({@code .ci/run} does; the profile leaves it out
 * otherwise). Report: {@code target/faults/redis-failover.md}.
 */
class RedisFailoverIT {

	static final int CAPACITY = 2000;

	static final int PER_USER_LIMIT = 50;

	static final int BUYERS = 120;

	static final int WORKERS = 8;

	static final Duration HOLD_TTL = Duration.ofSeconds(12);

	/**
	 * From the kill until the gate is exact again: node timeout (2 s) and the election,
	 * the client's topology refresh (2 s), the loss check (1 s here), the rebuild.
	 */
	static final Duration EXACT_WITHIN = Duration.ofSeconds(15);

	static final Path OUT = Path.of("target", "faults");

	static Fleet fleet;

	static List<ServiceInstance> instances;

	static final MidSaleReport report = new MidSaleReport(OUT.resolve("redis-failover.md"),
			"Redis master failover mid-sale",
			"Two instances on a Redis Cluster of 3 masters and 3 replicas, " + BUYERS + " buyers on " + WORKERS
					+ " workers, capacity " + CAPACITY + ", hold TTL " + HOLD_TTL.toSeconds() + " s.");

	@BeforeAll
	static void startTwoInstances() throws Exception {
		assertThat(RedisLinks.cluster()).as("REDIS_CLUSTER_NODES names the cluster of scripts/redis-cluster.sh")
			.isTrue();
		Deployment.assertServicesNamed("The failover suite needs DB_HOST, RABBITMQ_URL and REDIS_CLUSTER_NODES");
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
	void theSaleGoesOnWhenTheMasterOfItsTicketTypeIsKilled() throws Exception {
		Sale sale = Sale.open(instances.get(0), CAPACITY, PER_USER_LIMIT, BUYERS);
		String gateKey = Deployment.gateKey(sale.ticketTypeId());
		Load load = new Load(sale, instances);
		load.start(WORKERS);
		Duration promoted;
		Duration exact;
		RedisCluster.Master before;
		RedisCluster.Master after;
		try {
			load.runFor(Duration.ofSeconds(8), "warm-up, both instances");
			before = RedisCluster.masterOf(gateKey);
			assertThat(RedisCluster.lossMarker(before)).as("the gate was made in the master's history")
				.isEqualTo(RedisCluster.replicationId(before.address()));

			load.runFor(Duration.ZERO, "master of the ticket type killed");
			long killed = System.nanoTime();
			ProcessHandle.of(RedisCluster.pid(before.address())).orElseThrow().destroyForcibly();
			after = await("a replica to take over the slot", Duration.ofSeconds(30), () -> {
				RedisCluster.Master now = RedisCluster.masterOf(gateKey);
				return (now != null && !now.nodeId().equals(before.nodeId())) ? now : null;
			});
			promoted = since(killed);
			String history = RedisCluster.replicationId(after.address());
			await("the gate to be rebuilt in the new master's history", Duration.ofSeconds(60),
					() -> history.equals(RedisCluster.lossMarker(after)) ? Boolean.TRUE : null);
			exact = since(killed);
			load.runFor(Duration.ofSeconds(4), "master of the ticket type killed");
			report.fault("kill -9 of the Redis master serving the ticket type (" + before.address() + ")",
					"replica " + after.address() + " took the slot " + seconds(promoted)
							+ " after the kill; the gate was rebuilt from PostgreSQL in its history " + seconds(exact)
							+ " after the kill (bound " + seconds(EXACT_WITHIN) + ")",
					load.window("master of the ticket type killed"));

			Deployment.restart("Redis node " + before.address(), "FAULTS_REDIS_START_NODE",
					"scripts/redis-cluster.sh start-node " + before.port(), OUT);
			await("the killed node to rejoin as a replica", Duration.ofSeconds(60),
					() -> RedisCluster.syncedReplica(before.address()) ? Boolean.TRUE : null);
			load.runFor(Duration.ofSeconds(5), "after the failover, old master back as a replica");
		}
		finally {
			load.stop();
		}

		awaitNoHolds(sale, HOLD_TTL.plusSeconds(30));
		awaitTickets(sale, Duration.ofSeconds(180));
		awaitSettled(sale, Duration.ofSeconds(60));
		Invariants check = Invariants.of(sale, load);
		// 12 s holds: the rest is paid for as it is bought, or it would come back
		Drain drain = Drain.restPaid(sale, instances.get(1));
		report.write(sale, load, check, drain);
		check.assertAll();
		drain.assertAll();
		assertThat(exact).as("from the kill until the gate was rebuilt in the new history")
			.isLessThanOrEqualTo(EXACT_WITHIN);
	}

	private interface Probe<T> {

		T look() throws Exception;

	}

	private static <T> T await(String what, Duration limit, Probe<T> probe) throws Exception {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			try {
				T seen = probe.look();
				if (seen != null) {
					return seen;
				}
			}
			catch (RuntimeException ex) {
				// a node is down or the topology is moving: look again
			}
			assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
			pause(100);
		}
	}

	private static Duration since(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos);
	}

}
