package io.ticketbooking.payments;

/** PENDING → SUCCEEDED | FAILED, decided by the provider's signed webhook. */
public enum PaymentStatus {

	PENDING, SUCCEEDED, FAILED

}
