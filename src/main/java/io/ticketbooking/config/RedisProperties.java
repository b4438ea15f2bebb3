package io.ticketbooking.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Cluster;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.validation.annotation.Validated;

/**
 * Which Redis the instance uses, besides {@code spring.data.redis.*} (host, port,
 * password, timeouts, cluster topology refresh).
 *
 * @param clusterNodes {@code host:port} of some nodes of a Redis Cluster
 * ({@code REDIS_CLUSTER_NODES}, comma separated; the client learns the rest); empty (the
 * default) for a single Redis at {@code REDIS_HOST}:{@code REDIS_PORT}
 */
@Validated
@ConfigurationProperties("redis")
record RedisProperties(List<String> clusterNodes) {

	RedisProperties {
		clusterNodes = (clusterNodes != null)
				? clusterNodes.stream().map(String::trim).filter((node) -> !node.isEmpty()).toList() : List.of();
		clusterNodes.forEach(RedisProperties::node);
	}

	/** The cluster's seed nodes, or {@code null} for a single Redis. */
	Cluster cluster() {
		if (this.clusterNodes.isEmpty()) {
			return null;
		}
		List<Node> nodes = this.clusterNodes.stream().map(RedisProperties::node).toList();
		return () -> nodes;
	}

	private static Node node(String hostAndPort) {
		int colon = hostAndPort.lastIndexOf(':');
		if (colon <= 0 || !hostAndPort.substring(colon + 1).matches("\\d{1,5}")) {
			throw new IllegalArgumentException("redis.cluster-nodes: not host:port: " + hostAndPort);
		}
		return new Node(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
	}

}
