package io.ticketbooking.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.ticketbooking.config.RedisConnections.Master;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.inventory.InventoryUnits.GateState;
import io.ticketbooking.inventory.RedisScripts.Script;

import org.springframework.stereotype.Component;

/**
 * The Redis side of the inventory: one script call per decision, keys per ticket type.
 */
@Component
class StockGate {

	static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

	/** The reserve script's arguments before the lines' quantities. */
	private static final int FIXED_ARGS = 13;

	/**
	 * The event's presale codes are not in the gate (never loaded, or Redis lost them):
	 * load them and ask again.
	 */
	static final class CodesMissing extends RuntimeException {

		CodesMissing() {
			super("The event's presale codes are not loaded", null, false, false);
		}

	}

	/** The answers without details, made once: losers are the common case. */
	private static final Map<String, GateDecision> DECISIONS = Arrays.stream(GateOutcome.values())
		.collect(Collectors.toUnmodifiableMap(GateOutcome::name, (o) -> new GateDecision(o, null)));

	private final RedisScripts redis;

	private final InventoryProperties properties;

	private final SoldOutFlags soldOut;

	private final EventCatalog catalog;

	StockGate(RedisScripts redis, InventoryProperties properties, SoldOutFlags soldOut, EventCatalog catalog) {
		this.redis = redis;
		this.properties = properties;
		this.soldOut = soldOut;
		this.catalog = catalog;
	}

	/**
	 * The keys of a ticket type's gate, under its event's hash tag (the catalog keeps
	 * each ticket type's event in memory).
	 */
	StockKeys keys(UUID ticketTypeId) {
		UUID eventId = this.catalog.ticketType(ticketTypeId)
			.orElseThrow(() -> new IllegalArgumentException("No ticket type " + ticketTypeId))
			.eventId();
		return new StockKeys(eventId, ticketTypeId);
	}

	/**
	 * Whether the ticket type exists and belongs to the event (from the catalog's memory;
	 * Postgres for a ticket type it has not seen).
	 */
	boolean belongsTo(UUID ticketTypeId, UUID eventId) {
		return this.catalog.ticketType(ticketTypeId).map((t) -> t.eventId().equals(eventId)).orElse(false);
	}

	/** The claim's transaction bound, well inside the lease an admission gets. */
	int claimTimeoutSeconds() {
		return this.properties.claimTimeoutSeconds();
	}

	/** {@code null} when Redis knows nothing of one of the attempt's ticket types. */
	GateDecision reserve(Attempt attempt) {
		List<Attempt.Line> lines = attempt.lines();
		int n = lines.size();
		// a repeated idempotency key must get its first answer, and a paid late order
		// (no attempt limit) the gate's own: only plain attempts take the cached refusal
		boolean plain = attempt.idempotencyKey() == null && attempt.limit() != AttemptLimit.NONE;
		if (plain) {
			for (int i = 0; i < n; i++) {
				if (this.soldOut.soldOut(lines.get(i).ticketTypeId(), attempt.eventId())) {
					return DECISIONS.get("SOLD_OUT");
				}
			}
		}
		long version = this.soldOut.version();
		// the admission's id (a reservation's order id) exists before the script records
		// it, and only for attempts that reach the script
		UUID admissionId = UUID.randomUUID();
		// the keys of the event the buyer named: a ticket type of another event has no
		// gate there (MISSING), and Postgres is asked after the caller's guard
		Attempt.AccessCode code = attempt.accessCode();
		int codeKeys = (code == null) ? 0 : 5;
		String[] keys = new String[5 * n + 1 + codeKeys + ((attempt.idempotencyKey() == null) ? 0 : 1)];
		String[] args = new String[FIXED_ARGS + n];
		for (int i = 0; i < n; i++) {
			StockKeys at = new StockKeys(attempt.eventId(), lines.get(i).ticketTypeId());
			keys[5 * i] = at.ticketType();
			keys[5 * i + 1] = at.users();
			keys[5 * i + 2] = at.leases();
			keys[5 * i + 3] = at.leaseDeadlines();
			keys[5 * i + 4] = at.queueAdmissions();
			args[FIXED_ARGS + i] = Integer.toString(lines.get(i).quantity());
		}
		StockKeys first = new StockKeys(attempt.eventId(), attempt.ticketTypeId());
		keys[5 * n] = first.attempts(attempt.userId());
		if (code != null) {
			keys[5 * n + 1] = first.presaleCodes();
			keys[5 * n + 2] = first.presaleCodeUses();
			keys[5 * n + 3] = first.presaleCodeAdmissions();
			keys[5 * n + 4] = first.presaleCodeFailures("u:" + attempt.userId());
			keys[5 * n + 5] = first.presaleCodeFailures("a:" + code.clientAddress());
		}
		if (attempt.idempotencyKey() != null) {
			keys[5 * n + 1 + codeKeys] = first.idempotency(attempt.userId(), attempt.idempotencyKey());
		}
		args[0] = attempt.userId().toString();
		args[1] = Long.toString(attempt.now().toEpochMilli());
		args[2] = Long.toString(IDEMPOTENCY_TTL.toSeconds());
		args[3] = attempt.eventId().toString();
		args[4] = Integer.toString(attempt.limit().capacity());
		args[5] = Long.toString(attempt.limit().period().toMillis());
		args[6] = admissionId.toString();
		args[7] = Long.toString(this.properties.leaseTtl().toMillis());
		args[8] = attempt.admissionRequired() ? "1" : "0";
		args[9] = (code == null) ? "" : code.hash();
		args[10] = Integer.toString(this.properties.presaleCodeFailures());
		args[11] = Integer.toString(this.properties.presaleCodeAddressFailures());
		args[12] = Long.toString(this.properties.presaleCodeFailurePeriod().toMillis());
		List<Object> reply = this.redis.list(Script.RESERVE, keys, args);
		String outcome = (String) reply.get(0);
		return switch (outcome) {
			case "OK" -> {
				List<Admission.Line> admitted = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					admitted.add(new Admission.Line(lines.get(i).ticketTypeId(), lines.get(i).quantity(),
							Long.parseLong((String) reply.get(i + 1))));
				}
				yield GateDecision.admitted(new Admission(admissionId, attempt.eventId(), attempt.userId(), admitted,
						attempt.idempotencyKey(), (code == null) ? null : code.hash()));
			}
			case "DUPLICATE" -> GateDecision.duplicate(FirstResults.parse((String) reply.get(1)));
			case "RATE_LIMITED" -> GateDecision.rateLimited(Duration.ofMillis(Long.parseLong((String) reply.get(1))));
			case "MISSING" -> null;
			case "CODES_MISSING" -> throw new CodesMissing();
			case "SOLD_OUT" -> {
				if ("0".equals(reply.get(1))) {
					UUID empty = lines.get(Integer.parseInt((String) reply.get(2)) - 1).ticketTypeId();
					this.soldOut.set(empty, attempt.eventId(), version);
				}
				yield DECISIONS.get("SOLD_OUT");
			}
			default -> DECISIONS.get(outcome);
		};
	}

	/**
	 * Removes the lease and gives its units back, if the lease is still there; answers
	 * the units returned (0 when it was gone).
	 * @param idempotencyKeyName the full Redis key of the lease's idempotency key, or
	 * {@code null}
	 */
	long abort(StockKeys at, UUID admissionId, String idempotencyKeyName) {
		String[] keys = (idempotencyKeyName == null)
				? new String[] { at.ticketType(), at.users(), at.leases(), at.leaseDeadlines(), at.presaleCodeUses(),
						at.presaleCodeAdmissions() }
				: new String[] { at.ticketType(), at.users(), at.leases(), at.leaseDeadlines(), at.presaleCodeUses(),
						at.presaleCodeAdmissions(), idempotencyKeyName };
		this.soldOut.clear(at.ticketTypeId());
		return this.redis.integer(Script.ABORT, keys, admissionId.toString());
	}

	/**
	 * Removes the lease of a committed claim; an idempotency key then names the order.
	 */
	void settle(StockKeys at, UUID admissionId, String idempotencyKeyName, UUID orderId) {
		String[] keys = (idempotencyKeyName == null)
				? new String[] { at.leases(), at.leaseDeadlines(), at.presaleCodeAdmissions() }
				: new String[] { at.leases(), at.leaseDeadlines(), at.presaleCodeAdmissions(), idempotencyKeyName };
		this.redis.integer(Script.SETTLE, keys, admissionId.toString(), orderId.toString(),
				Long.toString(IDEMPOTENCY_TTL.toSeconds()));
	}

	/** A lease as recorded by the gate script, or {@code null} when it is gone. */
	Lease lease(StockKeys at, UUID admissionId) {
		String value = this.redis.commands().hget(at.leases(), admissionId.toString());
		if (value == null) {
			return null;
		}
		int first = value.indexOf('|');
		int second = value.indexOf('|', first + 1);
		String idempotencyKeyName = value.substring(second + 1);
		return new Lease(at.ticketTypeId(), admissionId, Integer.parseInt(value.substring(first + 1, second)),
				idempotencyKeyName.isEmpty() ? null : idempotencyKeyName);
	}

	record Lease(UUID ticketTypeId, UUID admissionId, int quantity, String idempotencyKeyName) {
	}

	/**
	 * Admission ids whose lease deadline has passed, per ticket type, read in one
	 * pipelined round trip.
	 */
	Map<UUID, List<String>> dueLeases(Collection<UUID> ticketTypeIds, Instant now, int limit) {
		Map<UUID, RedisFuture<List<String>>> pending = new HashMap<>();
		var async = this.redis.async();
		for (UUID id : ticketTypeIds) {
			pending.put(id, async.zrangebyscore(keys(id).leaseDeadlines(),
					Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()), Limit.create(0, limit)));
		}
		Map<UUID, List<String>> due = new HashMap<>();
		pending.forEach((id, future) -> {
			List<String> ids = await(future);
			if (!ids.isEmpty()) {
				due.put(id, ids);
			}
		});
		return due;
	}

	/**
	 * Records the waiting room's admissions in the gate of each ticket type, so that its
	 * reserve script lets these users through until {@code until}; one pipelined round
	 * trip. The admissions' hash outlives the last of them by a day.
	 */
	void grantAdmissions(Collection<UUID> ticketTypeIds, Collection<String> userIds, Instant until) {
		Map<String, String> admitted = new HashMap<>();
		String value = Long.toString(until.toEpochMilli());
		userIds.forEach((user) -> admitted.put(user, value));
		var async = this.redis.async();
		List<RedisFuture<?>> pending = new ArrayList<>();
		for (UUID id : ticketTypeIds) {
			String key = keys(id).queueAdmissions();
			pending.add(async.hset(key, admitted));
			pending.add(async.pexpireat(key, until.plus(Duration.ofDays(1)).toEpochMilli()));
		}
		pending.forEach(StockGate::await);
	}

	/** Users with units of any of the ticket types, read in one pipelined round trip. */
	Set<String> holders(Collection<UUID> ticketTypeIds, List<String> userIds) {
		String[] fields = userIds.toArray(String[]::new);
		List<RedisFuture<List<KeyValue<String, String>>>> pending = new ArrayList<>();
		var async = this.redis.async();
		for (UUID id : ticketTypeIds) {
			pending.add(async.hmget(keys(id).users(), fields));
		}
		Set<String> holders = new HashSet<>();
		for (RedisFuture<List<KeyValue<String, String>>> future : pending) {
			for (KeyValue<String, String> units : await(future)) {
				if (units.hasValue() && Long.parseLong(units.getValue()) > 0) {
					holders.add(units.getKey());
				}
			}
		}
		return holders;
	}

	/** Leases open across the ticket types, read in one pipelined round trip. */
	long openLeases(Collection<UUID> ticketTypeIds) {
		List<RedisFuture<Long>> pending = new ArrayList<>();
		var async = this.redis.async();
		for (UUID id : ticketTypeIds) {
			pending.add(async.zcard(keys(id).leaseDeadlines()));
		}
		return pending.stream().mapToLong(StockGate::await).sum();
	}

	/**
	 * Applies one return of freed units to the gate (the units its offers took move to
	 * their buyers): {@code APPLIED}, {@code DONE} (it was before) or {@code STALE} (a
	 * rebuild after it counted the units).
	 */
	String applyReturn(GateLedger.GateReturn r) {
		this.soldOut.clear(r.ticketTypeId());
		StockKeys at = keys(r.ticketTypeId());
		List<String> args = new ArrayList<>(4 + 2 * r.takes().size());
		Collections.addAll(args, Long.toString(r.epoch()), r.userId().toString(), Integer.toString(r.quantity()),
				Long.toString(IDEMPOTENCY_TTL.toSeconds()));
		for (GateLedger.Take take : r.takes()) {
			Collections.addAll(args, take.userId().toString(), Integer.toString(take.units()));
		}
		return this.redis.string(Script.RETURN, new String[] { at.ticketType(), at.users(), at.returned(r.id()) },
				args.toArray(String[]::new));
	}

	/**
	 * Best effort: frees an idempotency key still pending after a failed call (and
	 * announces it, so that repeats waiting for it try for themselves).
	 */
	void forgetPending(UUID eventId, UUID ticketTypeId, UUID userId, String idempotencyKey) {
		if (idempotencyKey == null) {
			return;
		}
		try {
			this.redis.integer(Script.FORGET,
					new String[] { new StockKeys(eventId, ticketTypeId).idempotency(userId, idempotencyKey) });
		}
		catch (RuntimeException ex) {
			// Redis is not answering; the key expires, and a retry waits for it
		}
	}

	/**
	 * Replaces the gate of one ticket type with the state a rebuild read under epoch
	 * {@code epoch}; {@code null} when a rebuild of a later epoch got there first.
	 */
	Loaded load(long epoch, GateState state, Map<String, Long> unitsPerUser) {
		List<String> args = new ArrayList<>(List.of(Long.toString(epoch), Integer.toString(state.free()),
				Integer.toString(state.perUserLimit()), Long.toString(state.salesStartAt().toEpochMilli()),
				Long.toString(state.salesEndAt().toEpochMilli()), state.open() ? "OPEN" : "CLOSED",
				state.eventId().toString(), state.queued() ? "1" : "0", Integer.toString(state.orderLimit())));
		unitsPerUser.forEach((user, units) -> {
			args.add(user);
			args.add(Long.toString(units));
		});
		StockKeys at = new StockKeys(state.eventId(), state.ticketTypeId());
		this.soldOut.clear(state.ticketTypeId());
		List<Object> reply = this.redis.list(Script.LOAD,
				new String[] { at.ticketType(), at.users(), at.leases(), at.leaseDeadlines() },
				args.toArray(String[]::new));
		if (!"LOADED".equals(reply.get(0))) {
			return null;
		}
		String previous = (String) reply.get(1);
		String previousEpoch = (String) reply.get(2);
		Map<UUID, Integer> leases = new HashMap<>();
		for (int i = 3; i + 1 < reply.size(); i += 2) {
			String lease = (String) reply.get(i + 1);
			int first = lease.indexOf('|');
			leases.put(UUID.fromString((String) reply.get(i)),
					Integer.parseInt(lease.substring(first + 1, lease.indexOf('|', first + 1))));
		}
		return new Loaded(previous.isEmpty() ? null : Integer.valueOf(previous),
				previousEpoch.isEmpty() ? 0 : Long.parseLong(previousEpoch), leases);
	}

	/**
	 * What a load replaced.
	 *
	 * @param previousStock the gate's stock before, {@code null} if it had none
	 * @param previousEpoch the epoch it was loaded under (0: none recorded)
	 * @param droppedLeases units per admission of the leases the load dropped
	 */
	record Loaded(Integer previousStock, long previousEpoch, Map<UUID, Integer> droppedLeases) {
	}

	/**
	 * Loads an event's presale codes: definitions replaced, uses set where the gate has
	 * none (from the use slots claimed in PostgreSQL).
	 * @param definitions code hash to "start|end|maxUses|maxTicketsPerUse|ticketTypeIds"
	 * @param claimed code hash to use slots claimed in PostgreSQL
	 */
	void loadCodes(UUID eventId, Map<String, String> definitions, Map<String, Integer> claimed) {
		StockKeys at = StockKeys.ofEvent(eventId);
		List<String> args = new ArrayList<>();
		args.add(Integer.toString(definitions.size()));
		definitions.forEach((hash, definition) -> {
			args.add(hash);
			args.add(definition);
		});
		definitions.keySet().forEach((hash) -> {
			args.add(hash);
			args.add(Integer.toString(claimed.getOrDefault(hash, 0)));
		});
		this.redis.integer(Script.CODES, new String[] { at.presaleCodes(), at.presaleCodeUses() },
				args.toArray(String[]::new));
	}

	/**
	 * Resyncs the uses of an event's codes with PostgreSQL: the use slots claimed there
	 * plus admissions in flight, after forgetting the admissions a rebuild dropped.
	 */
	void syncCodes(UUID eventId, Collection<UUID> droppedAdmissions, Map<String, Integer> claimed) {
		StockKeys at = StockKeys.ofEvent(eventId);
		List<String> args = new ArrayList<>();
		args.add(Integer.toString(droppedAdmissions.size()));
		droppedAdmissions.forEach((id) -> args.add(id.toString()));
		claimed.forEach((hash, slots) -> {
			args.add(hash);
			args.add(Integer.toString(slots));
		});
		this.redis.integer(Script.CODE_SYNC, new String[] { at.presaleCodeUses(), at.presaleCodeAdmissions() },
				args.toArray(String[]::new));
	}

	/** Whether a return's marker says it was applied to the gate. */
	boolean returnApplied(UUID ticketTypeId, UUID returnId) {
		return this.redis.commands().exists(keys(ticketTypeId).returned(returnId)) > 0;
	}

	/**
	 * Units on sale per ticket type (none while its gate is closed), read in one
	 * pipelined round trip.
	 */
	Map<UUID, Integer> stock(Collection<UUID> ticketTypeIds) {
		Map<UUID, RedisFuture<List<KeyValue<String, String>>>> pending = new HashMap<>();
		var async = this.redis.async();
		for (UUID id : ticketTypeIds) {
			pending.put(id, async.hmget(keys(id).ticketType(), "stock", "status"));
		}
		Map<UUID, Integer> stock = new HashMap<>();
		pending.forEach((id, future) -> {
			try {
				List<KeyValue<String, String>> fields = future.get(2, TimeUnit.SECONDS);
				String value = fields.get(0).getValueOrElse(null);
				if (value != null) {
					// a closed gate (the event was cancelled) sells nothing
					boolean closed = "CLOSED".equals(fields.get(1).getValueOrElse(null));
					stock.put(id, closed ? 0 : Math.max(0, Integer.parseInt(value)));
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not read stock from Redis", ex);
			}
		});
		return stock;
	}

	/** Whether Redis has a gate for the ticket type. */
	boolean loaded(UUID ticketTypeId) {
		return loaded(keys(ticketTypeId));
	}

	/** Whether Redis has the gate these keys name. */
	boolean loaded(StockKeys keys) {
		return this.redis.commands().exists(keys.ticketType()) > 0;
	}

	/** The masters serving now, with the replication ids of their data. */
	List<Master> masters() {
		return this.redis.masters();
	}

	/**
	 * The replication id a master's loss marker records ({@code null}: the marker is
	 * gone, the master lost its data).
	 */
	String lossMarker(Master master) {
		return this.redis.commands().get(StockKeys.lossMarker(master));
	}

	/**
	 * Marks the master's gates as being rebuilt, in its current history: a flush during
	 * the rebuild removes this mark, so the rebuild cannot then claim the gates complete.
	 */
	void markRebuilding(Master master) {
		this.redis.commands().set(StockKeys.lossMarker(master), StockKeys.rebuilding(master.replicationId()));
	}

	/**
	 * Records that the gate of the master's ticket types was made from Postgres, unless
	 * the master lost its data since {@link #markRebuilding} (the mark is gone: the next
	 * loss check rebuilds what is missing).
	 */
	void setLossMarker(Master master) {
		this.redis.commands().set(StockKeys.lossMarker(master), master.replicationId(), SetArgs.Builder.xx());
	}

	boolean tryRebuildLock(Duration ttl) {
		return "OK"
			.equals(this.redis.commands().set(StockKeys.REBUILD_LOCK, "1", SetArgs.Builder.nx().px(ttl.toMillis())));
	}

	/** Whether an instance is rebuilding gates right now. */
	boolean rebuildLockHeld() {
		return this.redis.commands().exists(StockKeys.REBUILD_LOCK) > 0;
	}

	void releaseRebuildLock() {
		this.redis.commands().del(StockKeys.REBUILD_LOCK);
	}

	private static <T> T await(RedisFuture<T> future) {
		try {
			return future.get(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading from Redis", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read from Redis", ex);
		}
	}

}
