package io.ticketbooking.orders;

import java.util.UUID;

/**
 * Money was taken for an order that cannot be fulfilled (paid too late with nothing left,
 * or its event was cancelled). Sent to the broker with routing key
 * {@code order.refund-required}.
 *
 * @param reason {@code LATE_PAYMENT_SOLD_OUT} or {@code EVENT_CANCELLED}
 */
public record RefundRequired(UUID orderId, UUID userId, UUID eventId, long amount, String currency, String reason) {
}
