package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.UUID;

import io.lettuce.core.RedisCommandTimeoutException;

import org.springframework.stereotype.Service;

/**
 * The module's facade for the reservation engine. {@link #admit} is the Redis gate that
 * keeps losers off the database; {@link #claim} and {@link #free} are the structural
 * guard and must run inside the caller's transaction; {@link #release} gives units back
 * to the gate after the Postgres side is settled.
 */
@Service
public class Inventory {

	private final StockGate gate;

	private final InventoryUnits units;

	private final Reconciler reconciler;

	Inventory(StockGate gate, InventoryUnits units, Reconciler reconciler) {
		this.gate = gate;
		this.units = units;
		this.reconciler = reconciler;
	}

	/**
	 * One Lua script decides: idempotency, the user's attempt budget, sale window,
	 * per-user limit, stock. When Redis knows nothing of the ticket type (it lost its
	 * data, or the id is unknown) Postgres is asked, after {@code beforePostgres} (the
	 * caller's guard for this slower path, e.g. a rate limit that throws) has run.
	 * @param idempotencyKey {@code null} when the client sent none
	 */
	public GateDecision admit(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey,
			Instant now, AttemptLimit limit, Runnable beforePostgres) {
		GateDecision decision;
		try {
			decision = this.gate.reserve(eventId, ticketTypeId, userId, quantity, idempotencyKey, now, limit);
		}
		catch (RedisCommandTimeoutException ex) {
			// the script may still run after we gave up: free the key, rebuild the type
			this.gate.forgetPending(ticketTypeId, userId, idempotencyKey);
			this.reconciler.rebuildSoon(ticketTypeId);
			throw ex;
		}
		if (decision != null) {
			return decision;
		}
		beforePostgres.run();
		if (!this.gate.loadedMarkerPresent()) {
			this.reconciler.awaitRebuild();
		}
		else if (!this.reconciler.rebuild(ticketTypeId)) {
			return new GateDecision(GateOutcome.UNKNOWN, null);
		}
		decision = this.gate.reserve(eventId, ticketTypeId, userId, quantity, idempotencyKey, now, limit);
		return (decision != null) ? decision : new GateDecision(GateOutcome.UNKNOWN, null);
	}

	/** Gives units back to the gate (compensation, expiry or cancellation). */
	public void release(UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey) {
		try {
			this.gate.release(ticketTypeId, userId, quantity, idempotencyKey);
		}
		catch (RedisCommandTimeoutException ex) {
			this.reconciler.rebuildSoon(ticketTypeId);
			throw ex;
		}
	}

	/** Records the order an idempotency key produced, so a repeat returns it. */
	public void remember(UUID ticketTypeId, UUID userId, String idempotencyKey, UUID orderId) {
		this.gate.remember(ticketTypeId, userId, idempotencyKey, orderId);
	}

	/**
	 * The order id a key produced, {@code PENDING}, or {@code null} when the key is
	 * unknown.
	 */
	public String firstResult(UUID ticketTypeId, UUID userId, String idempotencyKey) {
		return this.gate.firstResult(ticketTypeId, userId, idempotencyKey);
	}

	/**
	 * Claims units in Postgres; call inside a transaction. Answers how many were claimed.
	 */
	public int claim(UUID ticketTypeId, UUID orderId, int quantity) {
		return this.units.claim(ticketTypeId, orderId, quantity);
	}

	/**
	 * Frees the order's units in Postgres; call inside the transaction that ends the
	 * hold.
	 */
	public int free(UUID orderId) {
		return this.units.free(orderId);
	}

	/** Makes the gate agree with Postgres for one ticket type (after a disagreement). */
	public void reconcile(UUID ticketTypeId) {
		this.reconciler.rebuild(ticketTypeId);
	}

	/**
	 * Rebuilds the whole gate from Postgres; false if another instance is already doing
	 * it.
	 */
	public boolean reconcileAll() {
		return this.reconciler.rebuildAll();
	}

}
