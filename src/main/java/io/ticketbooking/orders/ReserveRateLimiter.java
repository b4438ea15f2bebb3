package io.ticketbooking.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/** Per-user token bucket on the reserve route, shared by every instance through Redis. */
@Component
class ReserveRateLimiter implements AutoCloseable {

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final ProxyManager<byte[]> buckets;

	private final Supplier<BucketConfiguration> configuration;

	ReserveRateLimiter(LettuceConnectionFactory factory, OrdersProperties properties) {
		RedisClient client = (RedisClient) factory.getRequiredNativeClient();
		this.connection = client.connect(ByteArrayCodec.INSTANCE);
		OrdersProperties.RateLimit limit = properties.rateLimit();
		this.buckets = Bucket4jLettuce.casBasedBuilder(this.connection)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
		BucketConfiguration config = BucketConfiguration.builder()
			.addLimit((l) -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
			.build();
		this.configuration = () -> config;
	}

	/** Takes one attempt from the user's bucket, or throws with the time to wait. */
	void check(UUID userId) {
		byte[] key = ("tb:rl:reserve:" + userId).getBytes(StandardCharsets.UTF_8);
		ConsumptionProbe probe = this.buckets.builder().build(key, this.configuration).tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
			throw new OrderProblems.RateLimited(seconds);
		}
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
