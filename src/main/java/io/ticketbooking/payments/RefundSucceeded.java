package io.ticketbooking.payments;

import java.util.UUID;

/**
 * The provider confirmed a refund with a verified {@code charge.refunded} webhook.
 * Published inside the transaction that records the webhook event, so a listener that
 * changes state there has its effect exactly once.
 *
 * @param full whether it refunds the whole order
 * @param amount minor units
 */
public record RefundSucceeded(UUID refundId, UUID paymentId, UUID orderId, long amount, String currency, boolean full,
		String reason) {
}
