package io.ticketbooking.payments;

import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;

/** The ways a payment request or a webhook can fail, each with its stable code. */
final class PaymentProblems {

	private PaymentProblems() {
	}

	static final class InvalidSignature extends ProblemException {

		InvalidSignature(String why) {
			super(HttpStatus.BAD_REQUEST, "INVALID_SIGNATURE", "The webhook signature is not valid: " + why + ".");
		}

	}

	static final class MalformedEvent extends ProblemException {

		MalformedEvent(String why) {
			super(HttpStatus.BAD_REQUEST, "MALFORMED_EVENT", "The webhook event cannot be read: " + why + ".");
		}

	}

	/**
	 * The order has no successful payment, or all of it is refunded or being refunded.
	 */
	static final class NothingToRefund extends ProblemException {

		NothingToRefund() {
			super(HttpStatus.CONFLICT, "NOTHING_TO_REFUND",
					"This order has no payment left to refund: it was never paid, or is refunded already.");
		}

	}

	static final class RefundExceedsPayment extends ProblemException {

		RefundExceedsPayment(long refundable, String currency) {
			super(HttpStatus.CONFLICT, "REFUND_EXCEEDS_PAYMENT", "At most " + refundable + " " + currency
					+ " (minor units) of this order's payment is left to refund.");
		}

	}

	static final class PaymentsUnavailable extends ProblemException {

		PaymentsUnavailable() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENTS_UNAVAILABLE", "No payment provider is configured.");
		}

	}

}
