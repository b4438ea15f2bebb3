package io.ticketbooking.inventory;

import java.util.UUID;
import java.util.stream.IntStream;

import io.ticketbooking.events.EventCancelled;
import io.ticketbooking.events.EventCreated;
import io.ticketbooking.events.QueueSettingsChanged;
import io.ticketbooking.events.SaleWindowChanged;
import io.ticketbooking.events.TicketTypeCapacityIncreased;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps stock in step with the event catalogue: unit rows are written in the transaction
 * that creates the event; the Redis gate is loaded from Postgres once that transaction
 * commits.
 */
@Component
class InventoryPreparation {

	private static final Logger log = LoggerFactory.getLogger(InventoryPreparation.class);

	private final InventoryUnits units;

	private final Reconciler reconciler;

	private final GateReturns returns;

	InventoryPreparation(InventoryUnits units, Reconciler reconciler, GateReturns returns) {
		this.units = units;
		this.returns = returns;
		this.reconciler = reconciler;
	}

	@EventListener
	void createUnits(EventCreated event) {
		event.ticketTypes().forEach((type) -> this.units.create(type.id(), 1, type.capacity()));
	}

	/**
	 * A raised capacity: the new units are written in the same transaction, offered to
	 * the type's waiting list first, the rest returned to the gate after the commit.
	 */
	@EventListener
	void addUnits(TicketTypeCapacityIncreased increased) {
		int from = increased.previous() + 1;
		this.units.create(increased.ticketTypeId(), from, increased.capacity());
		this.returns.add(increased.ticketTypeId(), IntStream.rangeClosed(from, increased.capacity()).boxed().toList());
	}

	@TransactionalEventListener
	void loadGate(EventCreated event) {
		event.ticketTypes().forEach((type) -> reconcile(type.id()));
	}

	@TransactionalEventListener
	void saleWindowChanged(SaleWindowChanged event) {
		event.ticketTypeIds().forEach(this::reconcile);
	}

	/** The gate lets only admitted buyers through while the sale is queued. */
	@TransactionalEventListener
	void queueSettingsChanged(QueueSettingsChanged event) {
		event.ticketTypeIds().forEach(this::reconcile);
	}

	@TransactionalEventListener
	void eventCancelled(EventCancelled event) {
		event.ticketTypeIds().forEach(this::reconcile);
	}

	private void reconcile(UUID ticketTypeId) {
		try {
			this.reconciler.rebuild(ticketTypeId);
		}
		catch (RuntimeException ex) {
			// the first reservation finds the gate empty and rebuilds it from Postgres
			log.warn("Could not load ticket type {} into Redis: {}", ticketTypeId, ex.getMessage());
		}
	}

}
