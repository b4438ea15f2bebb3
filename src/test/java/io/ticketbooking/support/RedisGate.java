package io.ticketbooking.support;

import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** Direct looks at the admission gate in Redis, each over a connection of its own. */
public final class RedisGate {

	private final RedisClient client;

	public RedisGate(RedisClient client) {
		this.client = client;
	}

	/** The hash of a ticket type's gate: stock, limit, sale window, status. */
	public static String key(UUID ticketTypeId) {
		return "tb:tt:{" + ticketTypeId + "}";
	}

	/** The gate's stock of a ticket type, {@code null} when Redis has none. */
	public Integer stock(UUID ticketTypeId) {
		try (StatefulRedisConnection<String, String> redis = this.client.connect()) {
			String stock = redis.sync().hget(key(ticketTypeId), "stock");
			return (stock != null) ? Integer.valueOf(stock) : null;
		}
	}

	/** Admissions of a ticket type not yet settled, aborted or reaped. */
	public long openLeases(UUID ticketTypeId) {
		try (StatefulRedisConnection<String, String> redis = this.client.connect()) {
			return redis.sync().zcard(key(ticketTypeId) + ":due");
		}
	}

	/** Redis loses everything. */
	public void flush() {
		try (StatefulRedisConnection<String, String> redis = this.client.connect()) {
			redis.sync().flushall();
		}
	}

}
