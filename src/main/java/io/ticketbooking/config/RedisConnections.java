package io.ticketbooking.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Connections to the instance's Redis, a single server or a Redis Cluster
 * ({@code REDIS_CLUSTER_NODES}), for the modules that talk to Redis without a template:
 * the gate's scripts, rate limits and pub/sub. The client is Spring Boot's, so it follows
 * a cluster's topology (periodic and adaptive refresh, {@code application.yml}).
 */
@Component
public class RedisConnections implements AutoCloseable {

	private final AbstractRedisClient client;

	/** For topology reads; opened on first use. */
	private volatile RedisLink<String, String> admin;

	RedisConnections(LettuceConnectionFactory factory) {
		this.client = (AbstractRedisClient) factory.getRequiredNativeClient();
	}

	/** Whether Redis is a cluster. */
	public boolean cluster() {
		return this.client instanceof RedisClusterClient;
	}

	/** A new connection with string keys and values. */
	public RedisLink<String, String> connect() {
		return connect(StringCodec.UTF8);
	}

	/** A new connection with the codec's keys and values. */
	public <K, V> RedisLink<K, V> connect(RedisCodec<K, V> codec) {
		if (this.client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<K, V> connection = cluster.connect(codec);
			return new RedisLink<>(connection, connection.sync(), connection.async());
		}
		StatefulRedisConnection<K, V> connection = ((RedisClient) this.client).connect(codec);
		return new RedisLink<>(connection, connection.sync(), connection.async());
	}

	/**
	 * A new pub/sub connection. On a cluster a {@code PUBLISH} reaches every node, and
	 * this connection moves to another node when its own fails.
	 */
	public StatefulRedisPubSubConnection<String, String> connectPubSub() {
		return (this.client instanceof RedisClusterClient cluster) ? cluster.connectPubSub()
				: ((RedisClient) this.client).connectPubSub();
	}

	/**
	 * The masters serving now, each with the replication id of its data: a new id means a
	 * different history (a replica promoted after a failover, a restart without
	 * persistence), which may have lost the last writes acknowledged before it. A master
	 * that does not answer is left out.
	 */
	public List<Master> masters() {
		RedisLink<String, String> admin = admin();
		if (!(admin.connection() instanceof StatefulRedisClusterConnection<String, String> cluster)) {
			return List.of(new Master("redis", replicationId(admin.sync().info("replication")), null));
		}
		List<Master> masters = new ArrayList<>();
		for (RedisClusterNode node : cluster.getPartitions()) {
			if (!node.is(NodeFlag.UPSTREAM) || node.is(NodeFlag.FAIL) || node.getSlots().isEmpty()) {
				continue;
			}
			try {
				String info = cluster.getConnection(node.getNodeId()).sync().info("replication");
				BitSet slots = new BitSet(SlotHash.SLOT_COUNT);
				node.getSlots().forEach(slots::set);
				masters.add(new Master(node.getNodeId(), replicationId(info), slots));
			}
			catch (RuntimeException ex) {
				// not answering: it is failing over, the next look sees its successor
			}
		}
		return masters;
	}

	private static String replicationId(String info) {
		return info.lines()
			.filter((line) -> line.startsWith("master_replid:"))
			.map((line) -> line.substring("master_replid:".length()).trim())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("INFO replication without master_replid"));
	}

	private RedisLink<String, String> admin() {
		RedisLink<String, String> admin = this.admin;
		if (admin == null) {
			synchronized (this) {
				if (this.admin == null) {
					this.admin = connect();
				}
				admin = this.admin;
			}
		}
		return admin;
	}

	/**
	 * A master and the data it holds.
	 *
	 * @param id the cluster node id ({@code redis} for a single server)
	 * @param replicationId the id of its data's history ({@code master_replid})
	 * @param slots the hash slots it serves, {@code null} for all (a single server)
	 */
	public record Master(String id, String replicationId, BitSet slots) {

		/** Whether the master serves this key. */
		public boolean serves(String key) {
			return this.slots == null || this.slots.get(SlotHash.getSlot(key));
		}

	}

	@Override
	public void close() {
		if (this.admin != null) {
			this.admin.close();
		}
	}

}
