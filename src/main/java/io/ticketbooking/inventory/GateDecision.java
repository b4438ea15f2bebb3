package io.ticketbooking.inventory;

/**
 * @param outcome what the gate decided
 * @param firstResult for {@link GateOutcome#DUPLICATE}: the first request's order id, or
 * {@code PENDING} while it is still running
 */
public record GateDecision(GateOutcome outcome, String firstResult) {

	/** The first result while the first request is still running. */
	public static final String PENDING_RESULT = "PENDING";

}
