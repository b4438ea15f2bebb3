package io.ticketbooking.payments;

import java.time.Instant;
import java.util.UUID;

/**
 * A refund of (part of) an order's payment, as the API shows it.
 *
 * @param amount minor units
 * @param full whether it refunds the whole order (its tickets are voided once it
 * succeeds) rather than part of the amount
 * @param reason {@code BUYER_REQUEST}, {@code ORGANIZER}, {@code EVENT_CANCELLED},
 * {@code LATE_PAYMENT_SOLD_OUT} or {@code DUPLICATE_PAYMENT}
 * @param retrying whether a FAILED refund will be tried again by itself
 */
public record Refund(UUID id, UUID orderId, long amount, String currency, boolean full, String reason,
		RefundStatus status, int attempts, boolean retrying, String lastError, Instant createdAt, Instant succeededAt) {
}
