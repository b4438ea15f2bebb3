package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.ticketbooking.inventory.Admission;
import io.ticketbooking.inventory.Attempt;
import io.ticketbooking.inventory.AttemptLimit;
import io.ticketbooking.inventory.ClaimResult;
import io.ticketbooking.inventory.GateDecision;
import io.ticketbooking.inventory.GateOutcome;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.payments.PaymentSucceeded;
import io.ticketbooking.payments.Payments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns a verified payment into a confirmed order. Runs synchronously inside the
 * webhook's transaction, so the recorded event id, the order change and the outbox entry
 * for {@link OrderConfirmed} commit together or not at all.
 */
@Component
class PaymentConfirmations {

	private static final Logger log = LoggerFactory.getLogger(PaymentConfirmations.class);

	private final OrderRepository orders;

	private final Inventory inventory;

	private final ApplicationEventPublisher events;

	private final Payments payments;

	private final Clock clock;

	PaymentConfirmations(OrderRepository orders, Inventory inventory, ApplicationEventPublisher events,
			Payments payments, Clock clock) {
		this.orders = orders;
		this.inventory = inventory;
		this.payments = payments;
		this.events = events;
		this.clock = clock;
	}

	@EventListener
	void on(PaymentSucceeded payment) {
		Order order = this.orders.findForUpdate(payment.orderId()).orElse(null);
		if (order == null) {
			log.warn("Payment {} (event {}) is for unknown order {}", payment.paymentId(), payment.eventId(),
					payment.orderId());
			return;
		}
		if (order.total() != payment.amount() || !order.currency().equals(payment.currency())) {
			// refused, not retried: the provider is answered 200 and the mismatch needs a
			// human
			log.error("Payment {} (event {}) of {} {} does not match order {} of {} {}; order left unchanged",
					payment.paymentId(), payment.eventId(), payment.amount(), payment.currency(), order.id(),
					order.total(), order.currency());
			return;
		}
		Instant now = this.clock.instant();
		switch (order.status()) {
			// a hold past expiresAt that the sweeper has not reached still owns its units
			case RESERVED -> confirm(order, OrderStatus.RESERVED, now);
			case EXPIRED, CANCELLED -> latePayment(order, now);
			case CONFIRMED, REFUND_REQUIRED, REFUND_PENDING, REFUNDED -> duplicate(order, payment);
		}
	}

	/** A second payment for a paid order is refunded in full; the order stands. */
	private void duplicate(Order order, PaymentSucceeded payment) {
		log.warn("Order {} is already {}; payment {} (event {}) is refunded", order.id(), order.status(),
				payment.paymentId(), payment.eventId());
		if (payment.paymentId() != null) {
			this.payments.refundPayment(payment.paymentId(), "DUPLICATE_PAYMENT");
		}
	}

	/**
	 * The hold is gone: take stock again through the same gate and the same unit rows as
	 * a reservation, or flag the order for a refund when none is left. The gate call
	 * happens inside the transaction here (a rare path); a rollback gives its units back.
	 */
	private void latePayment(Order order, Instant now) {
		// a paid order is no attempt of the user's: no rate limit, and its buyer was
		// admitted when it was reserved
		List<Attempt.Line> lines = order.lines()
			.stream()
			.map((line) -> new Attempt.Line(line.ticketTypeId(), line.quantity()))
			.toList();
		GateDecision decision = this.inventory
			.admit(new Attempt(order.eventId(), order.userId(), lines, null, now, AttemptLimit.NONE, false), () -> {
			});
		if (decision.outcome() == GateOutcome.ADMITTED && retake(order, decision.admission())) {
			confirm(order, order.status(), now);
			return;
		}
		log.warn("Late payment for order {} ({}): no stock to re-take ({}); refund required", order.id(),
				order.status(), decision.outcome());
		if (this.orders.transition(order.id(), order.status(), OrderStatus.REFUND_REQUIRED, now)) {
			this.events.publishEvent(new RefundRequired(order.id(), order.userId(), order.eventId(), order.total(),
					order.currency(), "LATE_PAYMENT_SOLD_OUT"));
		}
	}

	/**
	 * Claims the admitted units in Postgres for the order. The admission is settled once
	 * the webhook's transaction commits, and given back otherwise (and the gate resynced
	 * when it had admitted more than Postgres holds).
	 */
	private boolean retake(Order order, Admission admission) {
		ClaimResult result = this.inventory.claim(admission, order.id());
		boolean kept = result == ClaimResult.CLAIMED;
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				Inventory inventory = PaymentConfirmations.this.inventory;
				if (kept && status == STATUS_COMMITTED) {
					inventory.settle(admission, order.id());
				}
				else if (kept && status == STATUS_UNKNOWN) {
					inventory.resolve(admission);
				}
				else {
					inventory.abort(admission);
				}
				if (result == ClaimResult.SHORT) {
					order.lines().forEach((line) -> inventory.reconcile(line.ticketTypeId()));
				}
			}
		});
		if (result == ClaimResult.GATE_REBUILT || result == ClaimResult.EXPIRED) {
			// not the buyer's fault: the provider retries the webhook through the new
			// gate
			throw new TransientDataAccessResourceException("The stock gate was rebuilt while re-taking units");
		}
		return kept;
	}

	private void confirm(Order order, OrderStatus from, Instant now) {
		if (this.orders.transition(order.id(), from, OrderStatus.CONFIRMED, now)) {
			this.events.publishEvent(new OrderConfirmed(order.id(), order.userId(), order.eventId(),
					order.ticketTypeId(), order.quantity()));
		}
	}

}
