package io.ticketbooking.config;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Cluster;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A single Redis or a Redis Cluster, chosen by {@code redis.cluster-nodes}
 * ({@code REDIS_CLUSTER_NODES}). Spring Boot would take a cluster as soon as any
 * {@code spring.data.redis.cluster.*} property is bound, even an empty one, so the choice
 * is made here, where an empty setting means a single Redis. {@code application.yml}
 * binds {@code spring.data.redis.cluster.max-redirects} always: only then does Boot give
 * the client its cluster options (topology refresh), which a single Redis ignores.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfig {

	@Bean
	DataRedisConnectionDetails redisConnectionDetails(DataRedisProperties redis, RedisProperties topology) {
		Cluster cluster = topology.cluster();
		return new DataRedisConnectionDetails() {

			@Override
			public String getUsername() {
				return redis.getUsername();
			}

			@Override
			public String getPassword() {
				return redis.getPassword();
			}

			@Override
			public Standalone getStandalone() {
				return (cluster != null) ? null : Standalone.of(redis.getHost(), redis.getPort(), redis.getDatabase());
			}

			@Override
			public Cluster getCluster() {
				return cluster;
			}

		};
	}

}
