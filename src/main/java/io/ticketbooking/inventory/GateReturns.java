package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ticketbooking.inventory.GateLedger.GateReturn;
import io.ticketbooking.inventory.GateLedger.Take;
import io.ticketbooking.inventory.InventoryUnits.Freed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
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

	private final ObjectProvider<Reoffers> reoffers;

	/** Ids of applied returns whose rows are still to be deleted. */
	private final Queue<UUID> applied = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	GateReturns(InventoryUnits units, GateLedger ledger, StockGate gate, PlatformTransactionManager transactions,
			ObjectProvider<Reoffers> reoffers) {
		this.reoffers = reoffers;
		this.units = units;
		this.ledger = ledger;
		this.gate = gate;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Frees the orders' units inside the caller's transaction, hands what the waiting
	 * lists take to their offers, and gives the rest back to the gate after it commits.
	 * Answers the units freed.
	 */
	int free(Collection<UUID> orderIds) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("Units are freed inside the transaction that ends their orders");
		}
		List<Freed> freed = this.units.free(orderIds);
		if (freed.isEmpty()) {
			return 0;
		}
		returnToGate(freed);
		return freed.stream().mapToInt(Freed::units).sum();
	}

	/**
	 * New units of a ticket type (its capacity was raised), written in the caller's
	 * transaction: like freed units, offered to its waiting list first, the rest to the
	 * gate after the commit.
	 */
	void add(UUID ticketTypeId, List<Integer> unitNos) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("Units are added inside the transaction that raises the capacity");
		}
		if (!unitNos.isEmpty()) {
			returnToGate(List.of(new Freed(ticketTypeId, null, InventoryUnits.NO_HOLDER, unitNos.size(), unitNos)));
		}
	}

	/**
	 * Hands what the waiting lists take to their offers and records the rest as returns,
	 * applied to the gate once the caller's transaction commits.
	 */
	private void returnToGate(List<Freed> freed) {
		// shared gate locks in a fixed order, each before its epoch is read (GateLedger)
		Map<UUID, List<Freed>> byType = new TreeMap<>();
		freed.forEach((f) -> byType.computeIfAbsent(f.ticketTypeId(), (t) -> new ArrayList<>()).add(f));
		List<GateReturn> returns = new ArrayList<>();
		for (Map.Entry<UUID, List<Freed>> type : byType.entrySet()) {
			this.ledger.lockShared(type.getKey());
			long epoch = this.ledger.epoch(type.getKey());
			returns.addAll(handOut(type.getKey(), type.getValue(), epoch));
		}
		this.ledger.recordReturns(returns);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				applyAfterCommit(returns);
			}
		});
	}

	/**
	 * The returns of one ticket type's freed units: the waiting list's offers take their
	 * units first (the rows change hands in this transaction; in the gate, each return
	 * moves its taken units from the holder it freed them from to the offer's buyer), the
	 * rest go back to the stock.
	 */
	private List<GateReturn> handOut(UUID ticketTypeId, List<Freed> freed, long epoch) {
		int total = freed.stream().mapToInt(Freed::units).sum();
		List<Reoffers.Offer> offers = this.reoffers.getIfAvailable(() -> (type, units) -> List.of())
			.offer(ticketTypeId, total);
		// the freed units in a row, each offer handed the next ones; who took each unit
		List<Integer> unitNos = freed.stream().flatMap((f) -> f.unitNos().stream()).toList();
		List<UUID> takers = new ArrayList<>(total);
		for (Reoffers.Offer offer : offers) {
			if (offer.units() < 1 || takers.size() + offer.units() > total) {
				throw new IllegalStateException(
						"Offers of ticket type " + ticketTypeId + " exceed the " + total + " units freed");
			}
			this.units.handOver(ticketTypeId, unitNos.subList(takers.size(), takers.size() + offer.units()),
					offer.orderId(), offer.userId());
			takers.addAll(Collections.nCopies(offer.units(), offer.userId()));
		}
		// each return moves the takes of its own units: none takes more than it frees
		List<GateReturn> returns = new ArrayList<>(freed.size());
		int at = 0;
		for (Freed f : freed) {
			Map<UUID, Integer> takes = new LinkedHashMap<>();
			takers.subList(Math.min(at, takers.size()), Math.min(at + f.units(), takers.size()))
				.forEach((taker) -> takes.merge(taker, 1, Integer::sum));
			at += f.units();
			returns.add(new GateReturn(UUID.randomUUID(), ticketTypeId, f.holderId(), f.units(), epoch,
					takes.entrySet().stream().map((t) -> new Take(t.getKey(), t.getValue())).toList()));
		}
		return returns;
	}

	private void applyAfterCommit(List<GateReturn> returns) {
		List<UUID> done;
		try {
			done = apply(returns);
		}
		catch (RuntimeException ex) {
			log.warn("Returning freed units to the gate failed; the lease reaper will: {}", ex.toString());
			return;
		}
		deleteLater(done);
	}

	/**
	 * The rows of applied returns are deleted by one background drainer, in transactions
	 * of their own. Not here: after its commit the caller still holds its connection
	 * until this callback ends, and a burst of frees that each waited for a second
	 * connection held the whole pool (20 cancels at once against a pool of 16 waited out
	 * the pool's 30 s timeout). A row the drainer misses (the instance died) is applied
	 * again by the reaper, which finds the return's marker and deletes it.
	 */
	private void deleteLater(List<UUID> ids) {
		this.applied.addAll(ids);
		if (this.draining.compareAndSet(false, true)) {
			Thread.ofVirtual().name("gate-returns-delete").start(this::drain);
		}
	}

	private void drain() {
		try {
			List<UUID> batch = new ArrayList<>();
			for (UUID id = this.applied.poll(); id != null; id = this.applied.poll()) {
				batch.add(id);
				if (batch.size() == 500 || this.applied.isEmpty()) {
					List<UUID> ids = List.copyOf(batch);
					this.ownTransaction.executeWithoutResult((tx) -> this.ledger.deleteReturns(ids));
					batch.clear();
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Deleting applied gate returns failed; the lease reaper will: {}", ex.toString());
		}
		finally {
			this.draining.set(false);
			// ids added after the last poll, while the flag was still set
			if (!this.applied.isEmpty() && this.draining.compareAndSet(false, true)) {
				Thread.ofVirtual().name("gate-returns-delete").start(this::drain);
			}
		}
	}

	/** Applies returns to Redis; answers the ids that need no more applying. */
	private List<UUID> apply(List<GateReturn> returns) {
		List<UUID> done = new ArrayList<>();
		for (GateReturn r : returns) {
			this.gate.applyReturn(r);
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
