package io.ticketbooking.inventory;

import java.time.Duration;

/**
 * @param outcome what the gate decided
 * @param firstResult for {@link GateOutcome#DUPLICATE}: what came of the first request
 * with the key ({@link FirstResult.Done its order}, or {@link FirstResult#PENDING} while
 * it is still running)
 * @param retryAfter for {@link GateOutcome#RATE_LIMITED}: when the next attempt is
 * allowed
 * @param admission for {@link GateOutcome#ADMITTED}: the lease to claim, then settle or
 * abort
 */
public record GateDecision(GateOutcome outcome, FirstResult firstResult, Duration retryAfter, Admission admission) {

	public GateDecision(GateOutcome outcome, FirstResult firstResult) {
		this(outcome, firstResult, null, null);
	}

	static GateDecision rateLimited(Duration retryAfter) {
		return new GateDecision(GateOutcome.RATE_LIMITED, null, retryAfter, null);
	}

	static GateDecision admitted(Admission admission) {
		return new GateDecision(GateOutcome.ADMITTED, null, null, admission);
	}

	static GateDecision duplicate(FirstResult firstResult) {
		return new GateDecision(GateOutcome.DUPLICATE, firstResult, null, null);
	}

}
