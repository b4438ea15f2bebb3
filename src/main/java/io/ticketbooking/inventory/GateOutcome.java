package io.ticketbooking.inventory;

/** What the Redis gate said about one reservation attempt. */
public enum GateOutcome {

	/**
	 * Units taken from the gate as a lease ({@link GateDecision#admission()}); the caller
	 * claims them in Postgres, then settles or aborts it.
	 */
	ADMITTED,
	/**
	 * The same idempotency key was used before; {@link GateDecision#firstResult()} says
	 * what came of it.
	 */
	DUPLICATE,
	/**
	 * The user ran out of attempts for now; {@link GateDecision#retryAfter()} says how
	 * long until the next one.
	 */
	RATE_LIMITED, SOLD_OUT, LIMIT_EXCEEDED,
	/** More units over all lines than the event allows in one order. */
	ORDER_LIMIT_EXCEEDED, SALE_NOT_OPEN, SALE_CLOSED,
	/** The sale is queued and the waiting room has not admitted this user. */
	QUEUE_REQUIRED,
	/** The sale is queued and this user's admission has run out. */
	ADMISSION_EXPIRED,
	/** No such ticket type. */
	UNKNOWN,
	/** The presale code is not one of the event's (counted against wrong tries). */
	ACCESS_CODE_INVALID,
	/** The presale code is outside its window. */
	ACCESS_CODE_NOT_ACTIVE,
	/** A line's ticket type is not one the presale code opens. */
	ACCESS_CODE_NOT_FOR_TYPE,
	/** More units than one use of the presale code allows. */
	ACCESS_CODE_LIMIT_EXCEEDED,
	/** The presale code has been used as often as it allows. */
	ACCESS_CODE_USED_UP

}
