package io.ticketbooking.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.config.RedisConnections.Master;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventStatus;
import io.ticketbooking.inventory.InventoryUnits.GateState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the Redis gate from Postgres, the truth. Runs at start and every few seconds
 * when Redis has lost its data (a restart without persistence, a FLUSHALL), for one
 * ticket type when the gate and Postgres disagree, and on demand.
 * <p>
 * A rebuild is exact: under the ticket type's gate lock, taken exclusively, it waits for
 * every claim and release in flight, moves the gate to a new epoch and reads the free
 * units. No admission of the older gate can commit afterwards (a claim checks its epoch
 * under the same lock, shared), and no release recorded under it is applied to the new
 * gate, so the loaded stock is the free units, neither more nor less.
 */
@Component
class Reconciler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	private static final Duration LOCK_TTL = Duration.ofSeconds(60);

	/** How long a rebuild waits for the claims and releases in flight. */
	private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

	private final StockGate gate;

	private final InventoryUnits units;

	private final GateLedger ledger;

	private final EventCatalog catalog;

	private final TransactionTemplate ownTransaction;

	private final InventoryProperties properties;

	private final Counter rebuilds;

	private final Counter corrections;

	private final Map<UUID, AtomicInteger> uncertain = new ConcurrentHashMap<>();

	/** Builds of a missing gate in flight on this instance, per ticket type. */
	private final Map<UUID, CompletableFuture<Boolean>> missingBuilds = new ConcurrentHashMap<>();

	private final PresaleGate presale;

	Reconciler(StockGate gate, InventoryUnits units, GateLedger ledger, EventCatalog catalog,
			PlatformTransactionManager transactions, InventoryProperties properties, MeterRegistry meters,
			PresaleGate presale) {
		this.gate = gate;
		this.presale = presale;
		this.units = units;
		this.ledger = ledger;
		this.catalog = catalog;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.properties = properties;
		this.rebuilds = Counter.builder("inventory.reconciliations")
			.description("Ticket types whose Redis gate was rebuilt from Postgres")
			.register(meters);
		this.corrections = Counter.builder("inventory.rebuild.corrections")
			.description("Units by which a rebuilt gate differed from what the gate should have held (0 unless "
					+ "something outside the gate's scripts changed Redis or Postgres)")
			.baseUnit("units")
			.register(meters);
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		rebuildIfLost();
	}

	/**
	 * The loss check every {@code inventory.loss-check-interval}
	 * ({@code INVENTORY_LOSS_CHECK_INTERVAL}), the first time one interval after the
	 * start ({@link #onStart()} checks at the start itself).
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		Duration interval = this.properties.lossCheckInterval();
		tasks.addFixedDelayTask(new FixedDelayTask(this::rebuildIfLost, interval, interval));
	}

	void rebuildIfLost() {
		try {
			rebuild(losses());
		}
		catch (RuntimeException ex) {
			log.warn("Inventory loss check failed: {}", ex.getMessage());
		}
	}

	/**
	 * What a master may have lost, read from its loss marker.
	 *
	 * @param onlyMissing the marker is gone (the master lost its data: a restart without
	 * persistence, a FLUSHALL) or names a rebuild in this history that did not finish:
	 * the gates that exist are right, the missing ones are rebuilt; otherwise the marker
	 * names another replication id (a replica promoted after a failover, which may lack
	 * the last writes its master acknowledged) and every gate it serves is rebuilt
	 */
	private record Loss(Master master, boolean onlyMissing) {
	}

	/** The masters whose loss marker does not name their own history, one look each. */
	private List<Loss> losses() {
		List<Loss> losses = new ArrayList<>();
		for (Master master : this.gate.masters()) {
			String marker = this.gate.lossMarker(master);
			if (!master.replicationId().equals(marker)) {
				losses.add(new Loss(master,
						marker == null || marker.equals(StockKeys.rebuilding(master.replicationId()))));
			}
		}
		return losses;
	}

	/**
	 * Rebuilds what each master may have lost. False when something is left for a later
	 * look (another instance holds the rebuild lock, a type failed).
	 */
	private boolean rebuild(List<Loss> losses) {
		boolean done = true;
		for (Loss loss : losses) {
			if (!loss.onlyMissing()) {
				log.warn("Redis master {} holds data of another history than the gate was made in "
						+ "(failover or restart); rebuilding the ticket types it serves", loss.master().id());
			}
			done &= rebuildWhere(loss.master(), loss.onlyMissing());
		}
		return done;
	}

	/** Rebuilds every ticket type, unless another instance is doing it right now. */
	boolean rebuildAll() {
		return rebuildWhere(null, false);
	}

	/**
	 * Rebuilds the ticket types whose gate {@code master} serves (every type when
	 * {@code null}; {@code onlyMissing}: those Redis has no gate for), unless another
	 * instance is rebuilding right now. A type whose rebuild fails (its claims in flight
	 * did not end in time) does not hold up the others; the loss markers are set once all
	 * are loaded, so the loss check tries the rest again.
	 */
	private boolean rebuildWhere(Master master, boolean onlyMissing) {
		if (!this.gate.tryRebuildLock(LOCK_TTL)) {
			return false;
		}
		try {
			// read before the rebuild: a failover during it leaves a marker of the old
			// id.
			// A flush during it removes the marker, which is then not set again (only
			// replaced), so the next check rebuilds what the flush took. A rebuild of the
			// missing gates marks its start, as the flush that made them missing removed
			// the marker; a full rebuild keeps the old marker until it is done, so a type
			// it
			// could not rebuild is tried again in full
			List<Master> marked = (master != null) ? List.of(master) : this.gate.masters();
			if (onlyMissing) {
				marked.forEach(this.gate::markRebuilding);
			}
			int count = 0;
			int failed = 0;
			for (Map.Entry<UUID, UUID> type : this.catalog.ticketTypeEvents().entrySet()) {
				UUID ticketType = type.getKey();
				StockKeys keys = new StockKeys(type.getValue(), ticketType);
				if ((master != null && !master.serves(keys.ticketType())) || (onlyMissing && this.gate.loaded(keys))) {
					continue;
				}
				try {
					rebuild(ticketType, onlyMissing);
					count++;
				}
				catch (RuntimeException ex) {
					failed++;
					log.warn("Rebuilding the gate of ticket type {} failed, will retry: {}", ticketType, ex.toString());
				}
			}
			if (failed > 0) {
				log.warn("Rebuilt the Redis stock gate for {} ticket types; {} left for the next check", count, failed);
				return false;
			}
			marked.forEach(this.gate::setLossMarker);
			// the events' gates are rebuilt: no admission of an older gate can commit a
			// use of a presale code now, so their counts can come from the claimed slots
			this.presale.loadAll();
			log.info("Rebuilt the Redis stock gate from Postgres for {} ticket types{}", count,
					(master != null && master.slots() != null) ? " served by master " + master.id() : "");
			return true;
		}
		finally {
			this.gate.releaseRebuildLock();
		}
	}

	/** Rebuilds one ticket type; false when Postgres does not know it either. */
	boolean rebuild(UUID ticketTypeId) {
		return rebuild(ticketTypeId, false);
	}

	/**
	 * Builds one ticket type's gate unless Redis has it, decided under the type's rebuild
	 * lock in Postgres: requests that all found the gate missing build it once, and the
	 * rest use that gate rather than start a new epoch (which would send the claims
	 * admitted by the first back through the gate). False when Postgres does not know the
	 * type.
	 */
	boolean rebuildIfMissing(UUID ticketTypeId) {
		// the lock covers the check and the new epoch, not the load into Redis after
		// the commit: requests of this instance join the build in flight instead of
		// taking the lock in that gap
		CompletableFuture<Boolean> mine = new CompletableFuture<>();
		CompletableFuture<Boolean> running = this.missingBuilds.putIfAbsent(ticketTypeId, mine);
		if (running != null) {
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}
		try {
			boolean known = rebuild(ticketTypeId, true);
			mine.complete(known);
			return known;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.missingBuilds.remove(ticketTypeId, mine);
		}
	}

	private boolean rebuild(UUID ticketTypeId, boolean onlyIfMissing) {
		Truth truth = this.ownTransaction.execute((tx) -> {
			this.ledger.lockExclusive(ticketTypeId, LOCK_WAIT);
			if (onlyIfMissing && this.gate.loaded(ticketTypeId)) {
				return Truth.PRESENT;
			}
			return gateState(ticketTypeId)
				.map((state) -> new Truth(this.ledger.nextEpoch(ticketTypeId, state.salesEndAt()), state,
						this.units.unitsPerUser(ticketTypeId), this.ledger.pendingReturns(ticketTypeId)))
				.orElse(null);
		});
		if (truth == null) {
			return false;
		}
		if (truth == Truth.PRESENT) {
			return true;
		}
		StockGate.Loaded loaded = this.gate.load(truth.epoch(), truth.state(), truth.unitsPerUser());
		if (loaded != null) {
			this.rebuilds.increment();
			checkCorrection(truth, loaded);
			// the dropped admissions can no longer commit: a presale code's use they
			// counted goes, and the code's count is taken from its claimed slots again
			try {
				this.presale.resync(truth.state().eventId(), loaded.droppedLeases().keySet());
			}
			catch (RuntimeException ex) {
				log.warn("Resyncing the presale codes of event {} failed: {}", truth.state().eventId(), ex.toString());
			}
		}
		return true;
	}

	/**
	 * The gate of a ticket type as Postgres knows it: the event's rules, the free units.
	 */
	private Optional<GateState> gateState(UUID ticketTypeId) {
		return this.catalog.ticketType(ticketTypeId)
			.flatMap((type) -> this.catalog.event(type.eventId())
				.map((event) -> new GateState(type.id(), type.eventId(), type.perUserLimit(), event.salesStartAt(),
						event.salesEndAt(), event.status() == EventStatus.PUBLISHED,
						this.catalog.queue(event.id()).isPresent(),
						(event.maxTicketsPerOrder() == null) ? 0 : event.maxTicketsPerOrder(),
						this.units.freeUnits(ticketTypeId))));
	}

	private record Truth(long epoch, GateState state, Map<String, Long> unitsPerUser,
			List<GateLedger.GateReturn> pendingReturns) {

		/** The gate was there when the lock was held: nothing to build. */
		static final Truth PRESENT = new Truth(0, null, Map.of(), List.of());

	}

	/**
	 * What the replaced gate should have held: the free units, less the units of its
	 * leases that never committed (they are free in Postgres, taken in Redis), less the
	 * returns not yet applied to it. A difference is a correction: something changed
	 * Redis or Postgres outside the gate's scripts (or Redis lost writes).
	 */
	private void checkCorrection(Truth truth, StockGate.Loaded loaded) {
		if (loaded.previousStock() == null) {
			return;
		}
		try {
			List<UUID> committed = this.ledger.committed(loaded.droppedLeases().keySet());
			int inFlight = loaded.droppedLeases()
				.entrySet()
				.stream()
				.filter((lease) -> !committed.contains(lease.getKey()))
				.mapToInt(Map.Entry::getValue)
				.sum();
			int unapplied = truth.pendingReturns()
				.stream()
				.filter((r) -> r.epoch() == loaded.previousEpoch())
				.filter((r) -> !this.gate.returnApplied(r.ticketTypeId(), r.id()))
				.mapToInt(GateLedger.GateReturn::toStock)
				.sum();
			int expected = truth.state().free() - inFlight - unapplied;
			if (expected != loaded.previousStock()) {
				this.corrections.increment(Math.abs(expected - loaded.previousStock()));
				log.warn("Gate of ticket type {} held {} units, should have held {}; corrected to {} free",
						truth.state().ticketTypeId(), loaded.previousStock(), expected, truth.state().free());
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not check the rebuild of {} for corrections: {}", truth.state().ticketTypeId(),
					ex.toString());
		}
	}

	/**
	 * Rebuilds one ticket type in the background, once Redis answers again: after a
	 * script call timed out, nobody knows whether it ran (Redis may hold units for a
	 * request that was answered 503). Calls while a rebuild is pending coalesce; one that
	 * arrives during a rebuild makes it run again, so the last rebuild starts after the
	 * last uncertain call.
	 */
	void rebuildSoon(UUID ticketTypeId) {
		AtomicInteger requests = this.uncertain.computeIfAbsent(ticketTypeId, (id) -> new AtomicInteger());
		if (requests.getAndIncrement() > 0) {
			return;
		}
		Thread.ofVirtual().name("gate-rebuild-" + ticketTypeId).start(() -> {
			int attempts = 0;
			while (attempts++ < 60) {
				int seen = requests.get();
				try {
					rebuild(ticketTypeId);
					if (requests.compareAndSet(seen, 0)) {
						return;
					}
				}
				catch (RuntimeException ex) {
					log.warn("Rebuilding the gate of ticket type {} failed, retrying: {}", ticketTypeId, ex.toString());
					sleep(Duration.ofMillis(500));
				}
			}
			requests.set(0);
			log.error("Gave up rebuilding the gate of ticket type {}; the loss check or an admin reconcile will",
					ticketTypeId);
		});
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The gate of {@code ticketTypeId} was missing: when a master lost data, rebuilds
	 * what it lost, or, while another instance holds the rebuild lock, waits briefly for
	 * that type's gate (one key per look, not the whole check again). Answers whether
	 * anything was lost.
	 */
	boolean awaitLossRebuild(UUID ticketTypeId) {
		List<Loss> losses = losses();
		if (losses.isEmpty()) {
			return false;
		}
		if (!rebuild(losses)) {
			for (int i = 0; i < 250 && !this.gate.loaded(ticketTypeId) && this.gate.rebuildLockHeld()
					&& !Thread.currentThread().isInterrupted(); i++) {
				sleep(Duration.ofMillis(20));
			}
		}
		return true;
	}

}
