package io.ticketbooking.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisFuture;
import io.ticketbooking.inventory.InventoryUnits.GateState;
import io.ticketbooking.inventory.RedisScripts.Script;

import org.springframework.stereotype.Component;

/**
 * The Redis side of the inventory: one script call per decision, keys per ticket type.
 */
@Component
class StockGate {

	static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

	private static final GateDecision ADMITTED = new GateDecision(GateOutcome.ADMITTED, null);

	/** The answers without details, made once: losers are the common case. */
	private static final Map<String, GateDecision> DECISIONS = java.util.Arrays.stream(GateOutcome.values())
		.collect(java.util.stream.Collectors.toUnmodifiableMap(GateOutcome::name, (o) -> new GateDecision(o, null)));

	private final RedisScripts redis;

	StockGate(RedisScripts redis) {
		this.redis = redis;
	}

	/** {@code null} when Redis knows nothing of the ticket type. */
	GateDecision reserve(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey, Instant now,
			AttemptLimit limit) {
		String[] keys = (idempotencyKey == null)
				? new String[] { StockKeys.ticketType(ticketTypeId), StockKeys.users(ticketTypeId),
						StockKeys.attempts(ticketTypeId, userId) }
				: new String[] { StockKeys.ticketType(ticketTypeId), StockKeys.users(ticketTypeId),
						StockKeys.attempts(ticketTypeId, userId),
						StockKeys.idempotency(ticketTypeId, userId, idempotencyKey) };
		List<Object> reply = this.redis.list(Script.RESERVE, keys, userId.toString(), Integer.toString(quantity),
				Long.toString(now.toEpochMilli()), Long.toString(IDEMPOTENCY_TTL.toSeconds()), eventId.toString(),
				Integer.toString(limit.capacity()), Long.toString(limit.period().toMillis()));
		String outcome = (String) reply.get(0);
		return switch (outcome) {
			case "OK" -> ADMITTED;
			case "DUPLICATE" -> new GateDecision(GateOutcome.DUPLICATE, (String) reply.get(1));
			case "RATE_LIMITED" -> GateDecision.rateLimited(Duration.ofMillis(Long.parseLong((String) reply.get(1))));
			case "MISSING" -> null;
			default -> DECISIONS.get(outcome);
		};
	}

	void release(UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey) {
		this.redis.integer(Script.RELEASE, keys(ticketTypeId, userId, idempotencyKey), userId.toString(),
				Integer.toString(quantity));
	}

	void remember(UUID ticketTypeId, UUID userId, String idempotencyKey, UUID orderId) {
		this.redis.commands()
			.setex(StockKeys.idempotency(ticketTypeId, userId, idempotencyKey), IDEMPOTENCY_TTL.toSeconds(),
					orderId.toString());
	}

	/**
	 * Best effort: frees an idempotency key still {@code PENDING} after a failed call.
	 */
	void forgetPending(UUID ticketTypeId, UUID userId, String idempotencyKey) {
		if (idempotencyKey == null) {
			return;
		}
		try {
			String key = StockKeys.idempotency(ticketTypeId, userId, idempotencyKey);
			if (GateDecision.PENDING_RESULT.equals(this.redis.commands().get(key))) {
				this.redis.commands().del(key);
			}
		}
		catch (RuntimeException ex) {
			// Redis is not answering; the key expires, and a retry waits for it
		}
	}

	String firstResult(UUID ticketTypeId, UUID userId, String idempotencyKey) {
		return this.redis.commands().get(StockKeys.idempotency(ticketTypeId, userId, idempotencyKey));
	}

	void load(GateState state, Map<String, Long> unitsPerUser) {
		List<String> args = new ArrayList<>(List.of(Integer.toString(state.free()),
				Integer.toString(state.perUserLimit()), Long.toString(state.salesStartAt().toEpochMilli()),
				Long.toString(state.salesEndAt().toEpochMilli()), state.open() ? "OPEN" : "CLOSED",
				state.eventId().toString()));
		unitsPerUser.forEach((user, units) -> {
			args.add(user);
			args.add(Long.toString(units));
		});
		this.redis.integer(Script.LOAD,
				new String[] { StockKeys.ticketType(state.ticketTypeId()), StockKeys.users(state.ticketTypeId()) },
				args.toArray(String[]::new));
	}

	/** Stock per ticket type, read in one pipelined round trip. */
	Map<UUID, Integer> stock(Collection<UUID> ticketTypeIds) {
		Map<UUID, RedisFuture<String>> pending = new HashMap<>();
		var async = this.redis.async();
		for (UUID id : ticketTypeIds) {
			pending.put(id, async.hget(StockKeys.ticketType(id), "stock"));
		}
		Map<UUID, Integer> stock = new HashMap<>();
		pending.forEach((id, future) -> {
			try {
				String value = future.get(2, TimeUnit.SECONDS);
				if (value != null) {
					stock.put(id, Math.max(0, Integer.parseInt(value)));
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not read stock from Redis", ex);
			}
		});
		return stock;
	}

	boolean loadedMarkerPresent() {
		return this.redis.commands().exists(StockKeys.LOADED_MARKER) > 0;
	}

	void setLoadedMarker() {
		this.redis.commands().set(StockKeys.LOADED_MARKER, Instant.now().toString());
	}

	boolean tryRebuildLock(Duration ttl) {
		return "OK".equals(this.redis.commands()
			.set(StockKeys.REBUILD_LOCK, "1", io.lettuce.core.SetArgs.Builder.nx().px(ttl.toMillis())));
	}

	void releaseRebuildLock() {
		this.redis.commands().del(StockKeys.REBUILD_LOCK);
	}

	private static String[] keys(UUID ticketTypeId, UUID userId, String idempotencyKey) {
		return (idempotencyKey == null)
				? new String[] { StockKeys.ticketType(ticketTypeId), StockKeys.users(ticketTypeId) }
				: new String[] { StockKeys.ticketType(ticketTypeId), StockKeys.users(ticketTypeId),
						StockKeys.idempotency(ticketTypeId, userId, idempotencyKey) };
	}

}
