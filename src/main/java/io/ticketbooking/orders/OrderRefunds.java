package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventStatus;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.payments.Payments;
import io.ticketbooking.payments.Refund;
import io.ticketbooking.payments.RefundSucceeded;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds of orders (docs/refunds.md): asked for by the order's buyer within the event's
 * refund policy, by the event's organizer or an admin at any time (all or part of the
 * amount), and by the system for every order that needs one. A full refund moves the
 * order to REFUND_PENDING in the transaction that records it; the provider's signed
 * {@code charge.refunded} webhook makes it REFUNDED, gives its units back to the sale
 * (once, by policy) and announces {@link OrderRefunded}, in one transaction.
 */
@Service
class OrderRefunds {

	private static final Logger log = LoggerFactory.getLogger(OrderRefunds.class);

	static final String BUYER_REQUEST = "BUYER_REQUEST";

	static final String ORGANIZER = "ORGANIZER";

	private final OrderRepository orders;

	private final Payments payments;

	private final EventCatalog catalog;

	private final Inventory inventory;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	OrderRefunds(OrderRepository orders, Payments payments, EventCatalog catalog, Inventory inventory,
			ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
		this.orders = orders;
		this.payments = payments;
		this.catalog = catalog;
		this.inventory = inventory;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** The buyer refunds their whole paid order, while the event's policy allows it. */
	Refund byBuyer(UUID orderId, Caller caller) {
		return this.transactions.execute((tx) -> {
			Order order = this.orders.findForUpdate(orderId)
				.filter((o) -> o.userId().equals(caller.id()))
				.orElseThrow(() -> new NotFound("Order"));
			if (order.status() != OrderStatus.CONFIRMED) {
				throw new OrderProblems.NotRefundable(
						"Only a paid order can be refunded; this one is " + order.status() + ".");
			}
			EventFacts event = this.catalog.event(order.eventId()).orElseThrow(() -> new NotFound("Order"));
			if (!event.refundPolicy().buyerMayRefund(this.clock.instant())) {
				throw new OrderProblems.RefundWindowClosed();
			}
			return refund(order, null, BUYER_REQUEST, caller.id());
		});
	}

	/**
	 * The event's organizer or an admin refunds an order, whole ({@code amount} null, or
	 * all that is left) or in part; a refund given up on is tried again.
	 */
	Refund byOrganizer(UUID orderId, Caller caller, Long amount) {
		return this.transactions.execute((tx) -> {
			Order order = organizersOrder(orderId, caller, true);
			switch (order.status()) {
				case CONFIRMED, REFUND_REQUIRED -> {
					return refund(order, amount, ORGANIZER, caller.id());
				}
				case REFUND_PENDING -> {
					if (this.payments.retryRefunds(order.id()) == 0) {
						throw new OrderProblems.NotRefundable("This order is being refunded already.");
					}
					List<Refund> refunds = this.payments.refundsOf(order.id());
					return refunds.get(refunds.size() - 1);
				}
				default -> throw new OrderProblems.NotRefundable(
						"Only a paid order can be refunded; this one is " + order.status() + ".");
			}
		});
	}

	/** The order's refunds, for its buyer, the event's organizer or an admin. */
	List<Refund> of(UUID orderId, Caller caller) {
		Order order = this.orders.find(orderId).orElseThrow(() -> new NotFound("Order"));
		if (!order.userId().equals(caller.id())) {
			organizersOrder(orderId, caller, false);
		}
		return this.payments.refundsOf(orderId);
	}

	/** Someone else's order, or one of another organizer's event, is reported missing. */
	private Order organizersOrder(UUID orderId, Caller caller, boolean lock) {
		Order order = (lock ? this.orders.findForUpdate(orderId) : this.orders.find(orderId))
			.orElseThrow(() -> new NotFound("Order"));
		try {
			this.catalog.organizedBy(caller, order.eventId());
		}
		catch (NotFound ex) {
			throw new NotFound("Order");
		}
		return order;
	}

	/** Records the refund; a full one moves the order to REFUND_PENDING with it. */
	private Refund refund(Order order, Long amount, String reason, UUID requestedBy) {
		Refund refund = this.payments.refund(order.id(), new Payments.RefundRequest(amount, reason, requestedBy));
		if (refund.full()) {
			this.orders.transition(order.id(), order.status(), OrderStatus.REFUND_PENDING, this.clock.instant());
		}
		log.info("Refund {} of order {} ({} {}, {}) asked for: {}", refund.id(), order.id(), refund.amount(),
				refund.currency(), refund.full() ? "full" : "part", reason);
		return refund;
	}

	/**
	 * Every order that needs a refund (its event was cancelled, or it was paid too late
	 * with nothing left) is refunded without anyone asking. Runs once the transaction
	 * that flagged it commits; the publication registry retries it if it fails.
	 */
	@ApplicationModuleListener
	void on(RefundRequired required) {
		Order order = this.orders.findForUpdate(required.orderId()).orElse(null);
		if (order == null || order.status() != OrderStatus.REFUND_REQUIRED) {
			return;
		}
		try {
			refund(order, null, required.reason(), null);
		}
		catch (ProblemException ex) {
			// no payment left to refund: nothing the system can do; the order stays
			// REFUND_REQUIRED for a human
			log.error("Order {} needs a refund ({}) but none can be made: {}", order.id(), required.reason(),
					ex.getMessage());
		}
	}

	/**
	 * In the webhook's transaction: a full refund ends the order and gives its units back
	 * to the sale (unless the event's policy says otherwise, or it was cancelled); either
	 * kind is announced once.
	 */
	@EventListener
	void on(RefundSucceeded succeeded) {
		Order order = this.orders.findForUpdate(succeeded.orderId()).orElse(null);
		if (order == null) {
			log.warn("Refund {} is of unknown order {}", succeeded.refundId(), succeeded.orderId());
			return;
		}
		Instant now = this.clock.instant();
		boolean restocked = false;
		if (succeeded.full()) {
			if (!this.orders.transition(order.id(), OrderStatus.REFUND_PENDING, OrderStatus.REFUNDED, now)) {
				log.warn("Refund {} succeeded but order {} is {}, not REFUND_PENDING", succeeded.refundId(), order.id(),
						order.status());
				return;
			}
			EventFacts event = this.catalog.event(order.eventId()).orElse(null);
			if (event != null && event.status() != EventStatus.CANCELLED && event.refundPolicy().restock()) {
				restocked = this.inventory.free(order.id()) > 0;
			}
		}
		this.events.publishEvent(new OrderRefunded(order.id(), succeeded.refundId(), order.userId(), order.eventId(),
				succeeded.amount(), succeeded.currency(), succeeded.full(), succeeded.reason(), restocked));
	}

}
