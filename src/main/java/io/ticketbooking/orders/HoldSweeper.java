package io.ticketbooking.orders;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.inventory.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires holds whose time ran out and returns their units. Safe on every instance at
 * once: each batch locks its rows with SKIP LOCKED, the RESERVED → EXPIRED update happens
 * once per order, and the units are freed in the same transaction; the inventory gives
 * them back to the gate exactly once after it commits. Each batch publishes
 * {@link HoldsExpired} in its transaction. Runs every {@code orders.sweep-interval}
 * ({@code HOLD_SWEEP_INTERVAL}).
 */
@Component
class HoldSweeper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);

	private final OrderRepository orders;

	private final Inventory inventory;

	private final TransactionTemplate transactions;

	private final OrdersProperties properties;

	private final Clock clock;

	private final Counter expired;

	private final ApplicationEventPublisher events;

	HoldSweeper(OrderRepository orders, Inventory inventory, TransactionTemplate transactions,
			OrdersProperties properties, Clock clock, MeterRegistry meters, ApplicationEventPublisher events) {
		this.events = events;
		this.orders = orders;
		this.inventory = inventory;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.expired = Counter.builder("orders.expired").description("Holds that expired").register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::sweep, this.properties.sweepInterval());
	}

	void sweep() {
		try {
			while (sweepOnce() == this.properties.sweepBatch()) {
				// a full batch: more may be due
			}
		}
		catch (RuntimeException ex) {
			log.warn("Hold sweep failed, will retry: {}", ex.getMessage());
		}
	}

	/** Expires one batch; answers how many holds it expired. */
	int sweepOnce() {
		List<Order> due = this.transactions.execute((tx) -> {
			List<Order> batch = this.orders.expireDue(this.clock.instant(), this.properties.sweepBatch());
			this.inventory.free(batch.stream().map(Order::id).toList());
			if (!batch.isEmpty()) {
				this.events.publishEvent(new HoldsExpired(UUID.randomUUID(),
						batch.stream()
							.map((o) -> new HoldsExpired.Hold(o.id(), o.userId(), o.eventId(), o.quantity()))
							.toList()));
			}
			return batch;
		});
		this.expired.increment(due.size());
		return due.size();
	}

}
