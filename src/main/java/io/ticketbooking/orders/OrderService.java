package io.ticketbooking.orders;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.payments.Checkout;
import io.ticketbooking.payments.Payments;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.Page;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Reading and cancelling orders; only the owner (or an admin) ever sees one. */
@Service
class OrderService {

	private final OrderRepository orders;

	private final Inventory inventory;

	private final TransactionTemplate transactions;

	private final Payments payments;

	private final Clock clock;

	OrderService(OrderRepository orders, Inventory inventory, TransactionTemplate transactions, Payments payments,
			Clock clock) {
		this.orders = orders;
		this.inventory = inventory;
		this.transactions = transactions;
		this.payments = payments;
		this.clock = clock;
	}

	/** Someone else's order is reported as missing, so its existence is not revealed. */
	Order get(UUID orderId, UUID callerId, boolean admin) {
		return this.orders.find(orderId)
			.filter((order) -> admin || order.userId().equals(callerId))
			.orElseThrow(() -> new NotFound("Order"));
	}

	Page<Order.View> mine(UUID userId, int page, int size) {
		List<Order.View> items = this.orders.pageOfUser(userId, page, size).stream().map(Order::view).toList();
		return new Page<>(items, page, size, this.orders.countOfUser(userId));
	}

	/**
	 * RESERVED → CANCELLED, units freed in the same transaction (the gate gets them back
	 * once it commits).
	 */
	Order cancel(UUID orderId, UUID userId) {
		Order cancelled = this.transactions
			.execute((tx) -> this.orders.endHold(orderId, userId, OrderStatus.CANCELLED, this.clock.instant())
				.map((order) -> {
					this.inventory.free(order.id());
					return order;
				})
				.orElse(null));
		if (cancelled == null) {
			Order current = get(orderId, userId, false);
			throw new OrderProblems.NotCancellable(current.status());
		}
		return cancelled;
	}

	/**
	 * A new payment attempt for the owner's order, while it is reserved and its hold has
	 * not run out. The provider is called outside any transaction.
	 */
	Checkout pay(UUID orderId, UUID userId) {
		Order order = get(orderId, userId, false);
		if (order.status() != OrderStatus.RESERVED) {
			throw new OrderProblems.NotPayable(
					"Only a reserved order can be paid; this one is " + order.status() + ".");
		}
		if (!this.clock.instant().isBefore(order.expiresAt())) {
			throw new OrderProblems.NotPayable("The hold on this order has run out.");
		}
		return this.payments.start(order.id(), order.total(), order.currency());
	}

}
