package io.ticketbooking.events;

import java.time.Instant;

/**
 * An event's refund policy (docs/refunds.md). Its organizer and admins may refund any of
 * its orders at any time; its buyers only until {@code refundableUntil}.
 *
 * @param refundableUntil until when a buyer may refund an order of theirs; {@code null}
 * when buyers may not
 * @param restock whether a refunded order's units go back on sale (never for a cancelled
 * event)
 */
public record RefundPolicy(Instant refundableUntil, boolean restock) {

	/** New events: buyers may not refund, refunded units go back on sale. */
	public static final RefundPolicy DEFAULT = new RefundPolicy(null, true);

	public boolean buyerMayRefund(Instant now) {
		return this.refundableUntil != null && now.isBefore(this.refundableUntil);
	}

}
