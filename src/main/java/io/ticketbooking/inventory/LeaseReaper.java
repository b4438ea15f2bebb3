package io.ticketbooking.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.inventory.StockGate.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resolves admissions whose lease ran out: the instance that admitted them died, or lost
 * Redis or Postgres, between the gate script and settling its claim. Safe on every
 * instance at once. For each lease past its deadline the arbiter row in Postgres decides,
 * once and for all: the claim committed (the lease is settled, the units stay taken), or
 * it did not and now never can (the units go back, with the lease's removal in one
 * script, so of several reapers only one returns them). Also applies returns of freed
 * units that were left unapplied. Runs every {@code inventory.reaper-interval}
 * ({@code INVENTORY_REAPER_INTERVAL}), the first time one interval after the start.
 */
@Component
class LeaseReaper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

	/** How long after its sale ended a ticket type is still looked at. */
	private static final Duration ACTIVE_GRACE = Duration.ofDays(1);

	/** How long the arbiter waits for a claim still in flight before trying next time. */
	private static final Duration CLAIM_WAIT = Duration.ofMillis(200);

	/**
	 * Claims found still in flight after which a pass leaves a ticket type for the next
	 * one (they are most likely stalled behind the same lock).
	 */
	private static final int IN_FLIGHT_PER_PASS = 5;

	/** A return younger than this is being applied by its own transaction. */
	private static final Duration RETURN_GRACE = Duration.ofSeconds(5);

	/** Arbiter rows outlive any lease that names them by far. */
	private static final Duration ARBITER_RETENTION = Duration.ofDays(7);

	private static final int BATCH = 200;

	private final StockGate gate;

	private final GateLedger ledger;

	private final GateReturns returns;

	private final TransactionTemplate ownTransaction;

	private final InventoryProperties properties;

	private final Clock clock;

	private final Counter reaped;

	private final Counter settled;

	private final Counter unitsReturned;

	private final AtomicLong open = new AtomicLong();

	private volatile Instant lastPrune = Instant.EPOCH;

	LeaseReaper(StockGate gate, GateLedger ledger, GateReturns returns, PlatformTransactionManager transactions,
			InventoryProperties properties, Clock clock, MeterRegistry meters) {
		this.gate = gate;
		this.ledger = ledger;
		this.returns = returns;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.properties = properties;
		this.clock = clock;
		this.reaped = Counter.builder("inventory.leases.reaped")
			.description("Leases past their deadline whose claim never committed: units given back")
			.register(meters);
		this.settled = Counter.builder("inventory.leases.settled.late")
			.description("Leases past their deadline whose claim had committed: settled by the reaper")
			.register(meters);
		this.unitsReturned = Counter.builder("inventory.leases.units.returned")
			.description("Units the reaper gave back to the gate")
			.baseUnit("units")
			.register(meters);
		Gauge.builder("inventory.leases.open", this.open, AtomicLong::get)
			.description("Admissions not yet settled, aborted or reaped (as of the reaper's last pass)")
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		Duration interval = this.properties.reaperInterval();
		tasks.addFixedDelayTask(new FixedDelayTask(this::reap, interval, interval));
	}

	void reap() {
		try {
			Instant now = this.clock.instant();
			List<UUID> active = this.ledger.activeTicketTypes(now, ACTIVE_GRACE);
			this.open.set(this.gate.openLeases(active));
			Map<UUID, List<String>> due = this.gate.dueLeases(active, now, BATCH);
			due.forEach(this::resolveDue);
			this.returns.applyPending(now.minus(RETURN_GRACE), BATCH);
			if (now.isAfter(this.lastPrune.plus(Duration.ofHours(1)))) {
				this.lastPrune = now;
				this.ledger.pruneAdmissions(now.minus(ARBITER_RETENTION));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Lease reaper pass failed, will retry: {}", ex.toString());
		}
	}

	/**
	 * Resolves due leases of one ticket type in random order, so that claims stalled in
	 * flight do not keep the others waiting pass after pass.
	 */
	private void resolveDue(UUID ticketTypeId, List<String> admissionIds) {
		List<String> shuffled = new ArrayList<>(admissionIds);
		Collections.shuffle(shuffled);
		int inFlight = 0;
		for (String id : shuffled) {
			try {
				resolve(ticketTypeId, UUID.fromString(id));
			}
			catch (RuntimeException ex) {
				// most likely its claim is still in flight (the arbiter's lock wait ran
				// out)
				log.debug("Lease {} of ticket type {} not resolved yet: {}", id, ticketTypeId, ex.toString());
				if (++inFlight == IN_FLIGHT_PER_PASS) {
					return;
				}
			}
		}
	}

	/**
	 * Settles or gives back one admission, whatever its deadline: also used at once when
	 * the outcome of a claim's commit is unknown. Answers the units given back.
	 */
	long resolve(UUID ticketTypeId, UUID admissionId) {
		StockKeys at = this.gate.keys(ticketTypeId);
		Lease lease = this.gate.lease(at, admissionId);
		if (lease == null) {
			return 0;
		}
		Boolean giveBack = this.ownTransaction.execute((tx) -> this.ledger.reap(admissionId, ticketTypeId, CLAIM_WAIT));
		if (Boolean.TRUE.equals(giveBack)) {
			long units = this.gate.abort(at, admissionId, lease.idempotencyKeyName());
			if (units > 0) {
				this.reaped.increment();
				this.unitsReturned.increment(units);
				log.info("Gave back {} units of ticket type {} admitted as {}: its claim never committed", units,
						ticketTypeId, admissionId);
			}
			return units;
		}
		// a reservation's admission id is its order's id, which an idempotency key names
		this.gate.settle(at, admissionId, lease.idempotencyKeyName(), admissionId);
		this.settled.increment();
		return 0;
	}

}
