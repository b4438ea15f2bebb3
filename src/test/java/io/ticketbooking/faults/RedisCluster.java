package io.ticketbooking.faults;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.ticketbooking.support.RedisGate;
import io.ticketbooking.support.RedisLinks;

/**
 * The test's own look at the Redis Cluster of {@code REDIS_CLUSTER_NODES}, asked of
 * whichever node answers (never through the application's client): who serves a key, its
 * process, its replication id, and the loss marker the gate keeps on each master.
 */
final class RedisCluster {

	/** A master as the cluster reports it. */
	record Master(String nodeId, String host, int port, List<Integer> slots) {

		String address() {
			return this.host + ":" + this.port;
		}

	}

	private RedisCluster() {
	}

	/** The master serving the key's slot now, as the first node that answers sees it. */
	static Master masterOf(String key) {
		int slot = SlotHash.getSlot(key);
		for (RedisClusterNode node : topology()) {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)
					&& node.hasSlot(slot)) {
				return new Master(node.getNodeId(), node.getUri().getHost(), node.getUri().getPort(), node.getSlots());
			}
		}
		return null;
	}

	/** The cluster's nodes, from the first seed node that answers. */
	static Partitions topology() {
		RuntimeException last = null;
		for (String seed : allNodes()) {
			try {
				String nodes = ask(seed, (redis) -> redis.clusterNodes());
				return ClusterPartitionParser.parse(nodes);
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		throw new IllegalStateException("No Redis Cluster node answers", last);
	}

	/** The seed nodes and the three after them (the script's replicas). */
	static List<String> allNodes() {
		List<String> seeds = RedisLinks.clusterNodes();
		String first = seeds.getFirst();
		String host = first.substring(0, first.lastIndexOf(':'));
		int base = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
		return IntStream.range(base, base + 6).mapToObj((port) -> host + ":" + port).toList();
	}

	/** The process id of the Redis server at the address. */
	static long pid(String address) {
		return Long.parseLong(field(ask(address, (redis) -> redis.info("server")), "process_id"));
	}

	/** The replication id of the data the server at the address holds. */
	static String replicationId(String address) {
		return field(ask(address, (redis) -> redis.info("replication")), "master_replid");
	}

	/** Whether the server at the address answers as a replica with its link up. */
	static boolean syncedReplica(String address) {
		try {
			String info = ask(address, (redis) -> redis.info("replication"));
			return "slave".equals(field(info, "role")) && "up".equals(field(info, "master_link_status"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The gate's loss marker on a master (docs/reserve-path.md): the lowest numbered hash
	 * tag whose slot the master serves.
	 */
	static String lossMarkerKey(Master master) {
		return RedisGate.lossMarkerKey(master.slots()::contains);
	}

	/** What the loss marker on the master says. */
	static String lossMarker(Master master) {
		return ask(master.address(), (redis) -> redis.get(lossMarkerKey(master)));
	}

	private static <T> T ask(String address, Function<RedisCommands<String, String>, T> question) {
		int colon = address.lastIndexOf(':');
		RedisURI uri = RedisURI.create(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
		uri.setTimeout(Duration.ofSeconds(2));
		try (RedisClient client = RedisClient.create(uri);
				StatefulRedisConnection<String, String> redis = client.connect()) {
			return question.apply(redis.sync());
		}
	}

	private static String field(String info, String name) {
		return info.lines()
			.filter((line) -> line.startsWith(name + ":"))
			.map((line) -> line.substring(name.length() + 1).trim())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + name + " in INFO"));
	}

}
