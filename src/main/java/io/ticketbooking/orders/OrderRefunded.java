package io.ticketbooking.orders;

import java.util.UUID;

/**
 * The provider confirmed a refund of an order's payment. Sent to the broker with routing
 * key {@code order.refunded}.
 *
 * @param refundId the refund (an order may have several partial ones)
 * @param amount minor units refunded by this refund
 * @param full whether it refunded the whole order, which is then REFUNDED and its tickets
 * void; otherwise part of the amount, and the order stands
 * @param reason see {@code Refund.reason()}
 * @param restocked whether the order's units went back on sale
 */
public record OrderRefunded(UUID orderId, UUID refundId, UUID userId, UUID eventId, long amount, String currency,
		boolean full, String reason, boolean restocked) {
}
