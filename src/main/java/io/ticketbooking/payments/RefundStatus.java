package io.ticketbooking.payments;

/**
 * PENDING → SENT (the provider accepted it) → SUCCEEDED (its signed
 * {@code charge.refunded} webhook). A call the provider refuses or cannot take leaves it
 * FAILED, and it is called again after a delay; after the last attempt it stays FAILED
 * until an organizer or admin asks again.
 */
public enum RefundStatus {

	PENDING, SENT, SUCCEEDED, FAILED

}
