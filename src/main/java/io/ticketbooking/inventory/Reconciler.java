package io.ticketbooking.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the Redis gate from Postgres, the truth. Runs at start and every few seconds
 * when Redis has lost its data (a restart without persistence, a FLUSHALL), for one
 * ticket type when the gate and Postgres disagree, and on demand. Oversell cannot happen
 * meanwhile: a gate that admits too many is stopped by the unit rows in Postgres.
 */
@Component
class Reconciler {

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	private static final Duration LOCK_TTL = Duration.ofSeconds(60);

	private final StockGate gate;

	private final InventoryUnits units;

	private final Counter corrections;

	private final Map<UUID, AtomicInteger> uncertain = new ConcurrentHashMap<>();

	Reconciler(StockGate gate, InventoryUnits units, MeterRegistry meters) {
		this.gate = gate;
		this.units = units;
		this.corrections = Counter.builder("inventory.reconciliations")
			.description("Ticket types whose Redis gate was rebuilt from Postgres")
			.register(meters);
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		rebuildIfLost();
	}

	@Scheduled(fixedDelayString = "${inventory.loss-check-interval:2s}",
			initialDelayString = "${inventory.loss-check-interval:2s}")
	void rebuildIfLost() {
		try {
			if (!this.gate.loadedMarkerPresent()) {
				rebuildAll();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Inventory loss check failed: {}", ex.getMessage());
		}
	}

	/** Rebuilds every ticket type, unless another instance is doing it right now. */
	boolean rebuildAll() {
		if (!this.gate.tryRebuildLock(LOCK_TTL)) {
			return false;
		}
		try {
			int count = 0;
			for (UUID ticketType : this.units.allTicketTypes()) {
				rebuild(ticketType);
				count++;
			}
			this.gate.setLoadedMarker();
			log.info("Rebuilt the Redis stock gate from Postgres for {} ticket types", count);
			return true;
		}
		finally {
			this.gate.releaseRebuildLock();
		}
	}

	/** Rebuilds one ticket type; false when Postgres does not know it either. */
	boolean rebuild(UUID ticketTypeId) {
		return this.units.gateState(ticketTypeId).map((state) -> {
			this.gate.load(state, this.units.unitsPerUser(ticketTypeId));
			this.corrections.increment();
			return true;
		}).orElse(false);
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

	/** Waits briefly for a rebuild that another caller or instance runs. */
	void awaitRebuild() {
		if (rebuildAll()) {
			return;
		}
		for (int i = 0; i < 250 && !this.gate.loadedMarkerPresent(); i++) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
