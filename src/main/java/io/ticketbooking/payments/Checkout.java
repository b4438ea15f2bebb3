package io.ticketbooking.payments;

import java.util.UUID;

/**
 * A payment attempt the customer completes at {@code checkoutUrl}; its JSON shape in the
 * API.
 */
public record Checkout(UUID paymentId, String provider, String checkoutUrl, long amount, String currency) {
}
