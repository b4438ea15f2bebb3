package io.ticketbooking.inventory;

import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The first results of idempotency keys, as the gate stores them.
 */
@Component
class FirstResults {

	/**
	 * The word {@code reserve.lua} stores under a key while its first request runs (and
	 * {@code abort.lua} compares with).
	 */
	static final String PENDING_WORD = "PENDING";

	private final RedisScripts redis;

	FirstResults(RedisScripts redis) {
		this.redis = redis;
	}

	/**
	 * A key's stored value as a result: absent, {@value #PENDING_WORD}, or the order id.
	 */
	static FirstResult parse(String stored) {
		if (stored == null) {
			return FirstResult.GONE;
		}
		if (PENDING_WORD.equals(stored)) {
			return FirstResult.PENDING;
		}
		return new FirstResult.Done(UUID.fromString(stored));
	}

	/** What the key says now (one GET). */
	FirstResult read(IdempotencyKey key) {
		return parse(this.redis.commands().get(key.redisKey()));
	}

}
