package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.ticketbooking.inventory.GateLedger.GateReturn;
import io.ticketbooking.inventory.InventoryUnits.Freed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Units freed in Postgres go back to the gate exactly once: the transaction that frees
 * them records a return under the gate's current epoch (a transactional outbox), and once
 * it commits the return is applied to Redis and its row deleted. A return whose apply
 * never ran (the instance died, Redis did not answer) is applied by the lease reaper.
 */
@Component
class GateReturns {

	private static final Logger log = LoggerFactory.getLogger(GateReturns.class);

	private final InventoryUnits units;

	private final GateLedger ledger;

	private final StockGate gate;

	private final TransactionTemplate ownTransaction;

	GateReturns(InventoryUnits units, GateLedger ledger, StockGate gate, PlatformTransactionManager transactions) {
		this.units = units;
		this.ledger = ledger;
		this.gate = gate;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Frees the orders' units inside the caller's transaction and gives them back to the
	 * gate after it commits. Answers the units freed.
	 */
	int free(Collection<UUID> orderIds) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("Units are freed inside the transaction that ends their orders");
		}
		List<Freed> freed = this.units.free(orderIds);
		if (freed.isEmpty()) {
			return 0;
		}
		// shared gate locks in a fixed order, each before its epoch is read (GateLedger)
		Map<UUID, Long> epochs = new TreeMap<>();
		freed.forEach((f) -> epochs.put(f.ticketTypeId(), null));
		for (UUID ticketTypeId : epochs.keySet()) {
			this.ledger.lockShared(ticketTypeId);
			epochs.put(ticketTypeId, this.ledger.epoch(ticketTypeId));
		}
		List<GateReturn> returns = new ArrayList<>();
		for (Freed f : freed) {
			returns.add(new GateReturn(UUID.randomUUID(), f.ticketTypeId(), f.holderId(), f.units(),
					epochs.get(f.ticketTypeId())));
		}
		this.ledger.recordReturns(returns);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				applyAfterCommit(returns);
			}
		});
		return freed.stream().mapToInt(Freed::units).sum();
	}

	private void applyAfterCommit(List<GateReturn> returns) {
		try {
			List<UUID> done = apply(returns);
			// the caller's transaction is over: the delete needs one of its own
			this.ownTransaction.executeWithoutResult((tx) -> this.ledger.deleteReturns(done));
		}
		catch (RuntimeException ex) {
			log.warn("Returning freed units to the gate failed; the lease reaper will: {}", ex.toString());
		}
	}

	/** Applies returns to Redis; answers the ids that need no more applying. */
	private List<UUID> apply(List<GateReturn> returns) {
		List<UUID> done = new ArrayList<>();
		for (GateReturn r : returns) {
			this.gate.applyReturn(r.ticketTypeId(), r.id(), r.epoch(), r.userId(), r.quantity());
			done.add(r.id());
		}
		return done;
	}

	/** Applies returns left behind (recorded before {@code before}); answers how many. */
	int applyPending(Instant before, int limit) {
		// no lock and no transaction around Redis: two reapers applying the same return
		// is harmless, the second finds its marker
		List<GateReturn> pending = this.ledger.pendingReturns(before, limit);
		this.ledger.deleteReturns(apply(pending));
		return pending.size();
	}

}
