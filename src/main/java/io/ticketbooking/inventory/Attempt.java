package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One request to the gate: one or more lines (ticket types of one event, each once), all
 * admitted or none.
 *
 * @param idempotencyKey {@code null} when the client sent none
 * @param limit the user's attempt budget, taken by the same script
 * @param admissionRequired whether a queued sale asks for the waiting room's admission:
 * {@code false} only for a paid order re-taking its units
 * @param accessCode a presale code, or {@code null}
 */
public record Attempt(UUID eventId, UUID userId, List<Line> lines, String idempotencyKey, Instant now,
		AttemptLimit limit, boolean admissionRequired, AccessCode accessCode) {

	/**
	 * A presale access code given with the attempt.
	 *
	 * @param hash the code's hash ({@code AccessCodes.hash})
	 * @param clientAddress where the attempt came from: wrong codes are also counted per
	 * address
	 */
	public record AccessCode(String hash, String clientAddress) {
	}

	/** An attempt without a presale code. */
	public Attempt(UUID eventId, UUID userId, List<Line> lines, String idempotencyKey, Instant now, AttemptLimit limit,
			boolean admissionRequired) {
		this(eventId, userId, lines, idempotencyKey, now, limit, admissionRequired, null);
	}

	/** Units of one ticket type. */
	public record Line(UUID ticketTypeId, int quantity) {
	}

	public Attempt {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An attempt has at least one line");
		}
		lines = List.copyOf(lines);
	}

	/** A buyer's attempt for one ticket type: a queued sale asks for an admission. */
	public Attempt(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, String idempotencyKey, Instant now,
			AttemptLimit limit) {
		this(eventId, userId, List.of(new Line(ticketTypeId, quantity)), idempotencyKey, now, limit, true);
	}

	/**
	 * The first line's ticket type: its keys hold the attempt budget and the idempotency
	 * key of the whole attempt.
	 */
	public UUID ticketTypeId() {
		return this.lines.get(0).ticketTypeId();
	}

	/** Units over all lines. */
	public int quantity() {
		int units = 0;
		for (Line line : this.lines) {
			units += line.quantity();
		}
		return units;
	}

}
