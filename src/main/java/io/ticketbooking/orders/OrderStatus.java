package io.ticketbooking.orders;

/**
 * RESERVED → CONFIRMED | EXPIRED | CANCELLED; CONFIRMED → REFUND_REQUIRED (paid, cannot
 * be fulfilled) | REFUND_PENDING (a full refund is under way); REFUND_REQUIRED →
 * REFUND_PENDING; REFUND_PENDING → REFUNDED (the provider confirmed it). docs/refunds.md
 */
public enum OrderStatus {

	RESERVED, CONFIRMED, EXPIRED, CANCELLED, REFUND_REQUIRED, REFUND_PENDING, REFUNDED

}
