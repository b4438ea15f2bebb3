package io.ticketbooking.payments;

import java.util.UUID;

/**
 * A verified provider event says the payment attempt failed; the customer may start a new
 * one.
 */
public record PaymentFailed(UUID paymentId, UUID orderId, String eventId) {
}
