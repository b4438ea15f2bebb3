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

	static final class PaymentsUnavailable extends ProblemException {

		PaymentsUnavailable() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENTS_UNAVAILABLE", "No payment provider is configured.");
		}

	}

}
