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
	 * @param providerRef the provider's id of the attempt, which its webhook events carry
	 * as {@code data.object.id}
	 */
	record Started(String providerRef, String checkoutUrl) {
	}

}
