package io.ticketbooking.orders;

import io.ticketbooking.shared.ProblemException;
import io.ticketbooking.shared.RateLimited;
import io.ticketbooking.shared.RetryLater;

import org.springframework.http.HttpStatus;

/** The ways a reservation or an order change can fail, each with its stable code. */
final class OrderProblems {

	private OrderProblems() {
	}

	static final class SoldOut extends ProblemException {

		SoldOut() {
			super(HttpStatus.CONFLICT, "SOLD_OUT", "Not enough tickets of this type are left.");
		}

	}

	static final class LimitExceeded extends ProblemException {

		LimitExceeded() {
			super(HttpStatus.CONFLICT, "LIMIT_EXCEEDED", "This would take you past the per-customer limit.");
		}

	}

	/** More units in one order than the event allows per order. */
	static final class OrderLimitExceeded extends ProblemException {

		OrderLimitExceeded() {
			super(HttpStatus.CONFLICT, "ORDER_LIMIT_EXCEEDED",
					"This order holds more tickets than the event allows in one order.");
		}

	}

	/** A presale code that is not one of the event's. */
	static final class AccessCodeInvalid extends ProblemException {

		AccessCodeInvalid() {
			super(HttpStatus.FORBIDDEN, "ACCESS_CODE_INVALID", "This access code is not valid for this event.");
		}

	}

	/** A presale code outside its window. */
	static final class AccessCodeNotActive extends ProblemException {

		AccessCodeNotActive() {
			super(HttpStatus.CONFLICT, "ACCESS_CODE_NOT_ACTIVE", "This access code is not valid at this time.");
		}

	}

	/** A presale code that does not open one of the order's ticket types. */
	static final class AccessCodeNotForType extends ProblemException {

		AccessCodeNotForType() {
			super(HttpStatus.CONFLICT, "ACCESS_CODE_NOT_FOR_TYPE",
					"This access code does not open every ticket type of the order.");
		}

	}

	/** More units than one use of the presale code allows. */
	static final class AccessCodeLimitExceeded extends ProblemException {

		AccessCodeLimitExceeded() {
			super(HttpStatus.CONFLICT, "ACCESS_CODE_LIMIT_EXCEEDED",
					"This order holds more tickets than the access code allows.");
		}

	}

	/** A presale code used as often as it allows. */
	static final class AccessCodeUsedUp extends ProblemException {

		AccessCodeUsedUp() {
			super(HttpStatus.CONFLICT, "ACCESS_CODE_USED_UP", "This access code has been used as often as it allows.");
		}

	}

	static final class SaleNotOpen extends ProblemException {

		SaleNotOpen() {
			super(HttpStatus.CONFLICT, "SALE_NOT_OPEN", "The sale for this ticket type has not started yet.");
		}

	}

	/** A queued sale, and the waiting room has not admitted the caller. */
	static final class QueueRequired extends ProblemException {

		QueueRequired() {
			super(HttpStatus.FORBIDDEN, "QUEUE_REQUIRED",
					"This sale is queued: join the waiting room (POST /api/v1/events/{id}/queue) and reserve once "
							+ "it admits you.");
		}

	}

	/** A queued sale, and the caller's admission has run out. */
	static final class AdmissionExpired extends ProblemException {

		AdmissionExpired() {
			super(HttpStatus.FORBIDDEN, "ADMISSION_EXPIRED",
					"Your admission from the waiting room has run out; join again to queue for another.");
		}

	}

	static final class SaleClosed extends ProblemException {

		SaleClosed() {
			super(HttpStatus.CONFLICT, "SALE_CLOSED", "The sale for this ticket type has ended.");
		}

	}

	/** A waiting list is for a ticket type the gate has none left of. */
	static final class TicketsAvailable extends ProblemException {

		TicketsAvailable() {
			super(HttpStatus.CONFLICT, "TICKETS_AVAILABLE",
					"Tickets of this type are still on sale: reserve them instead of waiting.");
		}

	}

	static final class IdempotencyKeyInUse extends ProblemException {

		IdempotencyKeyInUse() {
			super(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_IN_USE",
					"A request with this Idempotency-Key is still being processed; retry shortly.");
		}

	}

	static final class NotCancellable extends ProblemException {

		NotCancellable(OrderStatus status) {
			super(HttpStatus.CONFLICT, "ORDER_NOT_CANCELLABLE",
					"Only a reserved order can be cancelled; this one is " + status + ".");
		}

	}

	static final class NotRefundable extends ProblemException {

		NotRefundable(String why) {
			super(HttpStatus.CONFLICT, "ORDER_NOT_REFUNDABLE", why);
		}

	}

	/** The event's refund policy does not let its buyers refund now. */
	static final class RefundWindowClosed extends ProblemException {

		RefundWindowClosed() {
			super(HttpStatus.CONFLICT, "REFUND_WINDOW_CLOSED",
					"This event's refund policy does not allow refunds by buyers now; ask its organizer.");
		}

	}

	static final class NotPayable extends ProblemException {

		NotPayable(String why) {
			super(HttpStatus.CONFLICT, "ORDER_NOT_PAYABLE", why);
		}

	}

	/**
	 * The gate was rebuilt twice while one request waited for its claim: nothing was
	 * taken, and a retry in a moment goes through the new gate.
	 */
	static final class GateBusy extends RetryLater {

		GateBusy() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
					"The stock gate is being rebuilt; nothing was reserved. Retry in a moment.", 1);
		}

	}

	static final class TooManyReservations extends RateLimited {

		TooManyReservations(long retryAfterSeconds) {
			super("Too many reservation attempts; slow down.", retryAfterSeconds);
		}

	}

}
