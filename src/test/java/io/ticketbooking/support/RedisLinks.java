package io.ticketbooking.support;

import java.util.Arrays;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.ticketbooking.config.RedisLink;

/**
 * A connection of a test's own to the Redis the environment names, outside any
 * application: the cluster of {@code REDIS_CLUSTER_NODES}, or the single Redis of
 * {@code REDIS_HOST}/{@code REDIS_PORT}.
 */
public final class RedisLinks {

	private RedisLinks() {
	}

	/** Whether the environment names a Redis Cluster. */
	public static boolean cluster() {
		return !clusterNodes().isEmpty();
	}

	/**
	 * {@code host:port} of the cluster nodes the environment names (none: no cluster).
	 */
	public static List<String> clusterNodes() {
		String nodes = System.getenv("REDIS_CLUSTER_NODES");
		return (nodes == null) ? List.of()
				: Arrays.stream(nodes.split(",")).map(String::trim).filter((n) -> !n.isEmpty()).toList();
	}

	private static AbstractRedisClient client;

	/**
	 * A new connection to the Redis the environment names, from one client per test JVM
	 * (closing the link closes only the connection).
	 */
	public static RedisLink<String, String> open() {
		AbstractRedisClient client = client();
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<String, String> connection = cluster.connect();
			return new RedisLink<>(connection, connection.sync(), connection.async());
		}
		StatefulRedisConnection<String, String> connection = ((RedisClient) client).connect();
		return new RedisLink<>(connection, connection.sync(), connection.async());
	}

	private static synchronized AbstractRedisClient client() {
		if (client == null) {
			if (cluster()) {
				client = RedisClusterClient.create(clusterNodes().stream().map((node) -> {
					int colon = node.lastIndexOf(':');
					return RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
				}).toList());
			}
			else {
				String host = System.getenv("REDIS_HOST");
				String port = System.getenv("REDIS_PORT");
				client = RedisClient.create(RedisURI.create((host != null) ? host : "127.0.0.1",
						(port != null && !port.isBlank()) ? Integer.parseInt(port) : 6379));
			}
		}
		return client;
	}

}
