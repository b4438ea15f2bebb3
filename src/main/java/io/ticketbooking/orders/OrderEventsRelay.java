package io.ticketbooking.orders;

import io.ticketbooking.messaging.ConfirmedPublisher;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Sends order events from the outbox (Spring Modulith's publication registry) to the
 * broker. A publication completes only when the broker confirms the message; a nack, a
 * timeout or a lost connection throws, so the registry keeps it incomplete and it is sent
 * again (at restart, and by {@link OutboxResubmitter}). Delivery is at least once:
 * consumers dedupe by order id.
 */
@Component
class OrderEventsRelay {

	static final String ORDER_CONFIRMED = "order.confirmed";

	static final String REFUND_REQUIRED = "order.refund-required";

	static final String HOLDS_EXPIRED = "orders.expired";

	static final String REFUNDED = "order.refunded";

	private final ConfirmedPublisher publisher;

	OrderEventsRelay(ConfirmedPublisher publisher) {
		this.publisher = publisher;
	}

	@ApplicationModuleListener
	void on(OrderConfirmed event) {
		this.publisher.publish(ORDER_CONFIRMED, event, ORDER_CONFIRMED + ":" + event.orderId());
	}

	@ApplicationModuleListener
	void on(HoldsExpired event) {
		this.publisher.publish(HOLDS_EXPIRED, event, HOLDS_EXPIRED + ":" + event.batchId());
	}

	@ApplicationModuleListener
	void on(OrderRefunded event) {
		this.publisher.publish(REFUNDED, event, REFUNDED + ":" + event.refundId());
	}

	@ApplicationModuleListener
	void on(RefundRequired event) {
		this.publisher.publish(REFUND_REQUIRED, event, REFUND_REQUIRED + ":" + event.orderId());
	}

}
