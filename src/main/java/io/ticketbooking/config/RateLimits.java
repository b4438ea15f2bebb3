package io.ticketbooking.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce.LettuceBasedProxyManagerBuilder;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.stereotype.Service;

/**
 * Token buckets shared by every instance through Redis (Bucket4j), a single server or a
 * cluster (one bucket is one key). Modules name their buckets and say how big they are;
 * this class owns the connection.
 */
@Service
public class RateLimits implements AutoCloseable {

	private final RedisConnections connections;

	/** Opened on first use, so a Redis that is slow to answer does not stop the start. */
	private volatile RedisLink<byte[], byte[]> connection;

	private volatile ProxyManager<byte[]> buckets;

	RateLimits(RedisConnections connections) {
		this.connections = connections;
	}

	private ProxyManager<byte[]> buckets() {
		ProxyManager<byte[]> buckets = this.buckets;
		if (buckets == null) {
			synchronized (this) {
				if (this.buckets == null) {
					this.connection = this.connections.connect(ByteArrayCodec.INSTANCE);
					this.buckets = builder(this.connection)
						.expirationAfterWrite(ExpirationAfterWriteStrategy
							.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
						.build();
				}
				buckets = this.buckets;
			}
		}
		return buckets;
	}

	private static LettuceBasedProxyManagerBuilder<byte[]> builder(RedisLink<byte[], byte[]> link) {
		return switch (link.connection()) {
			case StatefulRedisClusterConnection<byte[], byte[]> cluster -> Bucket4jLettuce.casBasedBuilder(cluster);
			case StatefulRedisConnection<byte[], byte[]> single -> Bucket4jLettuce.casBasedBuilder(single);
			default -> throw new IllegalStateException("Unexpected Redis connection " + link.connection());
		};
	}

	/** A bucket of {@code capacity} tokens, refilled evenly over {@code period}. */
	public static BucketConfiguration perPeriod(int capacity, Duration period) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, period))
			.build();
	}

	public BucketProxy bucket(String key, BucketConfiguration configuration) {
		return buckets().builder().build(key.getBytes(StandardCharsets.UTF_8), () -> configuration);
	}

	/**
	 * Whole seconds a client should wait, for a {@code Retry-After} header (at least 1).
	 */
	public static long retryAfterSeconds(long nanosToWait) {
		return Math.max(1, Duration.ofNanos(nanosToWait).toSeconds() + 1);
	}

	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
