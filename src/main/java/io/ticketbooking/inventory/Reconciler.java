package io.ticketbooking.inventory;

import java.time.Duration;
import java.util.UUID;

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
