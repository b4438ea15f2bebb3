package io.ticketbooking.tickets;

import io.ticketbooking.orders.OrderRefunded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Voids the tickets of an order refunded in full, in the transaction that records the
 * refund (the provider's webhook), so the two commit together. Tickets issued after it
 * (the printer read the order just before) are refused at check-in by the order's status.
 */
@Component
class RefundedTickets {

	private static final Logger log = LoggerFactory.getLogger(RefundedTickets.class);

	private final TicketRepository tickets;

	RefundedTickets(TicketRepository tickets) {
		this.tickets = tickets;
	}

	@EventListener
	void on(OrderRefunded refunded) {
		if (refunded.full()) {
			int voided = this.tickets.voidOrder(refunded.orderId());
			log.info("Order {} refunded: {} tickets void", refunded.orderId(), voided);
		}
	}

}
