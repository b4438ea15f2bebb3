package io.ticketbooking.inventory;

/**
 * @param outcome what the gate decided
 * @param firstResult for {@link GateOutcome#DUPLICATE}: the first request's order id, or
 * {@code PENDING} while it is still running
 */
public record GateDecision(GateOutcome outcome, String firstResult) {

	static final String PENDING = "PENDING";

	public boolean firstStillPending() {
		return PENDING.equals(this.firstResult);
	}

}
