package io.ticketbooking.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.lettuce.core.RedisException;
import io.ticketbooking.config.RedisFailures;
import io.ticketbooking.events.EventCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;

/**
 * The module's facade for the reservation engine.
 * <ul>
 * <li>{@link #admit} is the Redis gate that keeps losers off the database; an admission
 * is a lease on units. A repeated idempotency key is answered with the first request's
 * result, which {@link #awaitFirstResult} waits for while it is pending.</li>
 * <li>{@link #claim} is the structural guard and runs inside the caller's transaction;
 * after it the caller {@link #settle settles} the admission (committed), {@link #abort
 * aborts} it (rolled back) or, when the commit's outcome is unknown, {@link #resolve
 * resolves} it, each line's lease in turn. A lease that none of these reach (the instance
 * died, also between two lines) is resolved by the reaper after its deadline; the
 * admission's one arbiter row decides every line alike.</li>
 * <li>{@link #free} gives units of ended orders back, inside the transaction that ends
 * them; the gate follows once it commits.</li>
 * </ul>
 */
@Service
public class Inventory {

	private static final Logger log = LoggerFactory.getLogger(Inventory.class);

	private final StockGate gate;

	private final InventoryUnits units;

	private final GateLedger ledger;

	private final GateReturns returns;

	private final LeaseReaper reaper;

	private final Reconciler reconciler;

	private final FirstResults firstResults;

	private final PresaleGate presale;

	private final EventCatalog catalog;

	Inventory(StockGate gate, InventoryUnits units, GateLedger ledger, GateReturns returns, LeaseReaper reaper,
			Reconciler reconciler, FirstResults firstResults, PresaleGate presale, EventCatalog catalog) {
		this.presale = presale;
		this.catalog = catalog;
		this.gate = gate;
		this.units = units;
		this.ledger = ledger;
		this.returns = returns;
		this.reaper = reaper;
		this.reconciler = reconciler;
		this.firstResults = firstResults;
	}

	/**
	 * One Lua script decides: idempotency, the user's attempt budget, sale window,
	 * per-user limit, stock; an admission is recorded as a lease next to the stock. When
	 * Redis knows nothing of the ticket type (it lost its data, or the id is unknown)
	 * Postgres is asked, after {@code beforePostgres} (the caller's guard for this slower
	 * path, e.g. a rate limit that throws) has run.
	 */
	public GateDecision admit(Attempt attempt, Runnable beforePostgres) {
		GateDecision decision;
		try {
			decision = reserve(attempt);
		}
		catch (RedisException ex) {
			if (RedisFailures.unavailable(ex)) {
				// the script may have run before the link failed, or still run after we
				// gave up: free the key, rebuild the types
				this.gate.forgetPending(attempt.eventId(), attempt.ticketTypeId(), attempt.userId(),
						attempt.idempotencyKey());
				attempt.lines().forEach((line) -> this.reconciler.rebuildSoon(line.ticketTypeId()));
			}
			throw ex;
		}
		if (decision != null) {
			return decision;
		}
		beforePostgres.run();
		for (Attempt.Line line : attempt.lines()) {
			if (!this.gate.belongsTo(line.ticketTypeId(), attempt.eventId())) {
				// no such ticket type, or one of another event: the gate's keys are its
				// event's
				return new GateDecision(GateOutcome.UNKNOWN, null);
			}
		}
		if (this.reconciler.awaitLossRebuild(attempt.ticketTypeId())) {
			decision = reserve(attempt);
			if (decision != null) {
				return decision;
			}
		}
		for (Attempt.Line line : attempt.lines()) {
			if (!this.reconciler.rebuildIfMissing(line.ticketTypeId())) {
				return new GateDecision(GateOutcome.UNKNOWN, null);
			}
		}
		decision = reserve(attempt);
		if (decision == null) {
			// Postgres knows the types, but a gate went missing again (another flush)
			throw new TransientDataAccessResourceException("The stock gate is being rebuilt");
		}
		return decision;
	}

	/**
	 * One pass through the gate; when the event's presale codes are not in Redis (never
	 * loaded, or lost with the rest), they are loaded once the event's gates are there
	 * (so that no admission of an older gate can still commit a use the count misses) and
	 * the pass is made again.
	 */
	private GateDecision reserve(Attempt attempt) {
		try {
			return this.gate.reserve(attempt);
		}
		catch (StockGate.CodesMissing missing) {
			this.catalog.ticketTypesOf(attempt.eventId())
				.forEach((type) -> this.reconciler.rebuildIfMissing(type.id()));
			this.presale.load(attempt.eventId());
			try {
				return this.gate.reserve(attempt);
			}
			catch (StockGate.CodesMissing again) {
				throw new TransientDataAccessResourceException("The event's presale codes are being loaded");
			}
		}
	}

	/**
	 * The waiting room admitted these users: the gates of the event's ticket types let
	 * them reserve until {@code until} (while the sale is queued, nobody else).
	 */
	public void grantAdmissions(Collection<UUID> ticketTypeIds, Collection<String> userIds, Instant until) {
		this.gate.grantAdmissions(ticketTypeIds, userIds, until);
	}

	/**
	 * What of these ticket types could still be sold or come back: units left in their
	 * gates ({@code -1} when a gate is missing) and admissions in flight (leases between
	 * the gate and a committed order).
	 */
	public record Remaining(long stock, long inFlight) {
	}

	/**
	 * Which of these users hold or bought units of any of these ticket types, as the
	 * gates count them; one pipelined round trip.
	 */
	public Set<String> holders(Collection<UUID> ticketTypeIds, List<String> userIds) {
		return this.gate.holders(ticketTypeIds, userIds);
	}

	public Remaining remaining(Collection<UUID> ticketTypeIds) {
		long inFlight = this.gate.openLeases(ticketTypeIds);
		Map<UUID, Integer> stock = this.gate.stock(ticketTypeIds);
		long units = (stock.size() < ticketTypeIds.size()) ? -1
				: stock.values().stream().mapToLong(Integer::longValue).sum();
		return new Remaining(units, inFlight);
	}

	/**
	 * Whether the gate has no unit of the ticket type left for sale (units in holds may
	 * still come back); a missing gate is built from Postgres first.
	 */
	public boolean soldOut(UUID ticketTypeId) {
		Integer stock = this.gate.stock(List.of(ticketTypeId)).get(ticketTypeId);
		if (stock == null) {
			this.reconciler.rebuildIfMissing(ticketTypeId);
			stock = this.gate.stock(List.of(ticketTypeId)).getOrDefault(ticketTypeId, 0);
		}
		return stock <= 0;
	}

	/**
	 * Units of the ticket type the user holds or bought, as Postgres counts them (their
	 * per-user limit's use); inside a transaction that frees units, without those.
	 */
	public int heldBy(UUID ticketTypeId, UUID userId) {
		return this.units.heldBy(ticketTypeId, userId);
	}

	/**
	 * Waits, at most {@code bound}, for the first request with this key to end, without
	 * polling: its settle or abort is announced to every instance. Answers its order
	 * ({@link FirstResult.Done}), {@link FirstResult#GONE} when it failed and gave its
	 * units back (the caller may try for itself), or {@link FirstResult#PENDING} when it
	 * is still running after the bound.
	 */
	public FirstResult awaitFirstResult(IdempotencyKey key, Duration bound) {
		return this.firstResults.await(key, bound);
	}

	/**
	 * The bound, in seconds, for the transaction that claims an admission: well inside
	 * its lease.
	 */
	public int claimTimeoutSeconds() {
		return this.gate.claimTimeoutSeconds();
	}

	/**
	 * Claims the admission's units in Postgres for the order; call inside the transaction
	 * that records the order, and roll it back unless this answers
	 * {@link ClaimResult#CLAIMED}.
	 */
	public ClaimResult claim(Admission admission, UUID orderId) {
		// in a fixed order, as every holder of several gate locks takes them
		admission.lines().stream().map(Admission.Line::ticketTypeId).sorted().forEach(this.ledger::lockShared);
		ClaimResult result = this.units.claim(admission, orderId);
		if (result == ClaimResult.SHORT || result == ClaimResult.CODE_USED_UP || result == ClaimResult.GATE_REBUILT) {
			// leave nothing behind, even if the caller commits: no units, no use slot, no
			// arbiter row of its own (a later line may have met a rebuilt gate after the
			// first was claimed)
			this.units.unclaim(admission, orderId);
		}
		return result;
	}

	/**
	 * After the claim's transaction committed: the lease ends, the units stay taken, and
	 * an idempotency key now names the order. If Redis does not answer, the reaper
	 * settles it after the deadline.
	 */
	public void settle(Admission admission, UUID orderId) {
		try {
			for (Admission.Line line : admission.lines()) {
				this.gate.settle(admission.keys(line), admission.id(), admission.idempotencyKeyName(), orderId);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Settling admission {} failed; the lease reaper will: {}", admission.id(), ex.toString());
		}
	}

	/**
	 * After the claim's transaction rolled back (or never ran): the units go back to the
	 * gate, unless the reaper or a rebuild already took care of them. Answers the units
	 * given back.
	 */
	public long abort(Admission admission) {
		try {
			long units = 0;
			for (Admission.Line line : admission.lines()) {
				units += this.gate.abort(admission.keys(line), admission.id(), admission.idempotencyKeyName());
			}
			return units;
		}
		catch (RuntimeException ex) {
			log.warn("Aborting admission {} failed; the lease reaper will: {}", admission.id(), ex.toString());
			return 0;
		}
	}

	/**
	 * When nobody knows whether the claim's transaction committed (its commit failed with
	 * an error): Postgres decides, as the reaper would, and the admission is settled or
	 * given back accordingly. If that is not possible now, the reaper does it after the
	 * deadline.
	 */
	public void resolve(Admission admission) {
		try {
			for (Admission.Line line : admission.lines()) {
				this.reaper.resolve(line.ticketTypeId(), admission.id());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Resolving admission {} failed; the lease reaper will: {}", admission.id(), ex.toString());
		}
	}

	/**
	 * Frees the order's units in Postgres; call inside the transaction that ends the
	 * order. Once it commits the units go back to the gate, exactly once.
	 */
	public int free(UUID orderId) {
		return free(List.of(orderId));
	}

	/**
	 * {@link #free(UUID)} for several orders in one transaction; their presale codes' use
	 * slots are freed with the units.
	 */
	public int free(Collection<UUID> orderIds) {
		this.presale.free(orderIds);
		return this.returns.free(orderIds);
	}

	/**
	 * Makes the gate's counts of the event's presale codes agree with the use slots
	 * claimed in Postgres (after a claim found none left).
	 */
	public void resyncPresaleCodes(UUID eventId) {
		this.presale.resyncQuietly(eventId);
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
