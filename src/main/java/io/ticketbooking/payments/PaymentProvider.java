package io.ticketbooking.payments;

import java.util.UUID;

/**
 * A payment service provider: creates the provider's side of an attempt (for Stripe, a
 * payment intent with {@code metadata.orderId}) and says where the customer pays.
 */
interface PaymentProvider {

	String name();

	Started start(UUID paymentId, UUID orderId, long amount, String currency);

	/**
	 * Refunds (part of) a payment. Idempotent on {@code call.refundId()}: asked again for
	 * the same refund, the provider answers the same refund and sends its
	 * {@code charge.refunded} webhook again. Throws when the provider refuses the refund
	 * or cannot be reached; it is asked again later.
	 */
	Refunded refund(RefundCall call);

	/**
	 * @param paymentRef the provider's id of the payment ({@link Started#providerRef})
	 * @param amount minor units
	 */
	record RefundCall(UUID refundId, UUID orderId, UUID paymentId, String paymentRef, long amount, String currency) {
	}

	/**
	 * @param providerRef the provider's id of the refund
	 */
	record Refunded(String providerRef) {
	}

	/**
	 * @param providerRef the provider's id of the attempt, which its webhook events carry
	 * as {@code data.object.id}
	 */
	record Started(String providerRef, String checkoutUrl) {
	}

}
