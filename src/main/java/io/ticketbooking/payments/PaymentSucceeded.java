package io.ticketbooking.payments;

import java.util.UUID;

/**
 * A verified provider event says the money arrived. Published inside the transaction that
 * records the webhook event id, so a listener that changes state in that transaction has
 * its effect exactly once.
 *
 * @param paymentId our attempt, or {@code null} when the provider reports a payment we
 * did not start (the order id then comes from the event's metadata)
 * @param orderId the order the payment is for, as we told the provider
 * @param amount minor units
 * @param eventId the provider's event id
 */
public record PaymentSucceeded(UUID paymentId, UUID orderId, long amount, String currency, String eventId) {
}
