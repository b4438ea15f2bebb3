package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.ticketbooking.events.EventCancelled;
import io.ticketbooking.inventory.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When an event is cancelled, in the transaction that cancels it: its holds end
 * (CANCELLED, units freed in Postgres) and its paid orders need a refund. The gate is not
 * given the units back one by one: the inventory module rebuilds it from Postgres once
 * that transaction commits (and closes the sale).
 */
@Component
class EventCancellations {

	private static final Logger log = LoggerFactory.getLogger(EventCancellations.class);

	private final OrderRepository orders;

	private final Inventory inventory;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	EventCancellations(OrderRepository orders, Inventory inventory, ApplicationEventPublisher events, Clock clock) {
		this.orders = orders;
		this.inventory = inventory;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(EventCancelled cancelled) {
		Instant now = this.clock.instant();
		List<Order> released = this.orders.transitionAllOfEvent(cancelled.eventId(), OrderStatus.RESERVED,
				OrderStatus.CANCELLED, now);
		this.inventory.free(released.stream().map(Order::id).toList());
		List<Order> refunds = this.orders.transitionAllOfEvent(cancelled.eventId(), OrderStatus.CONFIRMED,
				OrderStatus.REFUND_REQUIRED, now);
		refunds.forEach((order) -> this.events.publishEvent(new RefundRequired(order.id(), order.userId(),
				order.eventId(), order.total(), order.currency(), "EVENT_CANCELLED")));
		log.info("Event {} cancelled: {} holds released, {} paid orders need a refund", cancelled.eventId(),
				released.size(), refunds.size());
	}

}
