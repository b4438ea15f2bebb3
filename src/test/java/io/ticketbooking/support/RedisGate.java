package io.ticketbooking.support;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;
import java.util.function.Supplier;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.ticketbooking.config.RedisLink;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Direct looks at the admission gate in Redis (a single server or a cluster), each over a
 * connection of its own.
 */
public final class RedisGate {

	private final Supplier<RedisLink<String, String>> connections;

	private final Function<UUID, UUID> eventOf;

	/**
	 * @param eventOf the event of a ticket type (from the database): the gate's keys
	 * carry it
	 */
	public RedisGate(Supplier<RedisLink<String, String>> connections, Function<UUID, UUID> eventOf) {
		this.connections = connections;
		this.eventOf = eventOf;
	}

	/** The event of a ticket type, as the database says. */
	public static Function<UUID, UUID> eventsIn(JdbcClient jdbc) {
		return (ticketType) -> jdbc.sql("select event_id from ticket_types where id = :id")
			.param("id", ticketType)
			.query(UUID.class)
			.single();
	}

	/** The hash of a ticket type's gate: stock, limit, sale window, status. */
	public static String key(UUID eventId, UUID ticketTypeId) {
		return "tb:ev:{" + eventId + "}:tt:" + ticketTypeId;
	}

	/** The hash of a ticket type's gate, its event looked up. */
	public String key(UUID ticketTypeId) {
		return key(this.eventOf.apply(ticketTypeId), ticketTypeId);
	}

	/** The gate's stock of a ticket type, {@code null} when Redis has none. */
	public Integer stock(UUID ticketTypeId) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			String stock = redis.sync().hget(key(ticketTypeId), "stock");
			return (stock != null) ? Integer.valueOf(stock) : null;
		}
	}

	/**
	 * Units of the ticket type the gate counts for one user (held, bought or admitted).
	 */
	public int units(UUID ticketTypeId, UUID userId) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			String units = redis.sync().hget(key(ticketTypeId) + ":users", userId.toString());
			return (units != null) ? Integer.parseInt(units) : 0;
		}
	}

	/** Admissions of a ticket type not yet settled, aborted or reaped. */
	public long openLeases(UUID ticketTypeId) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			return redis.sync().zcard(key(ticketTypeId) + ":due");
		}
	}

	/**
	 * The Redis server that holds the ticket type's gate (on a cluster, the master
	 * serving its slot) holds every client's writes for {@code millis}.
	 */
	public void pauseWrites(UUID ticketTypeId, long millis) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			if (redis.connection() instanceof StatefulRedisClusterConnection<String, String> cluster) {
				RedisClusterNode master = masterOf(cluster, ticketTypeId);
				cluster.getConnection(master.getNodeId()).sync().clientPause(millis);
			}
			else {
				redis.sync().clientPause(millis);
			}
		}
	}

	/**
	 * The loss marker of the master that holds the ticket type's gate: on a single Redis
	 * {@code tb:inventory:loaded:v2}, on a cluster the key of that name whose lowest
	 * numbered hash tag falls in the master's slots (docs/reserve-path.md).
	 */
	public String lossMarkerKey(UUID ticketTypeId) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			if (!(redis.connection() instanceof StatefulRedisClusterConnection<String, String> cluster)) {
				return "tb:inventory:loaded:v2";
			}
			RedisClusterNode master = masterOf(cluster, ticketTypeId);
			return lossMarkerKey((slot) -> master.hasSlot(slot));
		}
	}

	/**
	 * Runs a command on the single Redis, or on every node of a cluster (masters and
	 * replicas), and sums its answers.
	 */
	public long onEveryNode(ToLongFunction<RedisClusterCommands<String, String>> command) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			if (!(redis.connection() instanceof StatefulRedisClusterConnection<String, String> cluster)) {
				return command.applyAsLong(redis.sync());
			}
			long sum = 0;
			for (RedisClusterNode node : cluster.getPartitions()) {
				sum += command.applyAsLong(cluster.getConnection(node.getNodeId()).sync());
			}
			return sum;
		}
	}

	/**
	 * Calls of one command Redis has served so far (on a cluster, all nodes together).
	 */
	public long calls(String command) {
		return onEveryNode((redis) -> calls(redis, command));
	}

	/**
	 * Calls of one command the server holding the ticket type's gate has served so far
	 * (on a cluster, the master of its slot).
	 */
	public long callsWhereGateIs(UUID ticketTypeId, String command) {
		try (RedisLink<String, String> redis = this.connections.get()) {
			if (redis.connection() instanceof StatefulRedisClusterConnection<String, String> cluster) {
				RedisClusterNode master = masterOf(cluster, ticketTypeId);
				return calls(cluster.getConnection(master.getNodeId()).sync(), command);
			}
			return calls(redis.sync(), command);
		}
	}

	private static long calls(RedisClusterCommands<String, String> redis, String command) {
		for (String line : redis.info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_" + command + ":")) {
				return Long.parseLong(line.replaceAll("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
			}
		}
		return 0;
	}

	/**
	 * The loss marker of a cluster master that serves the slots {@code serves} accepts:
	 * {@code tb:inventory:loaded:v2:{n}} with the lowest {@code n} whose slot it serves.
	 */
	public static String lossMarkerKey(IntPredicate serves) {
		for (int tag = 0;; tag++) {
			String marker = "tb:inventory:loaded:v2:{" + tag + "}";
			if (serves.test(SlotHash.getSlot(marker))) {
				return marker;
			}
		}
	}

	private RedisClusterNode masterOf(StatefulRedisClusterConnection<String, String> cluster, UUID ticketTypeId) {
		return cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key(ticketTypeId)));
	}

	/** Redis loses everything (on a cluster, every master). */
	public void flush() {
		try (RedisLink<String, String> redis = this.connections.get()) {
			redis.sync().flushall();
		}
	}

}
