package io.ticketbooking.inventory;

import java.util.List;
import java.util.UUID;

/**
 * Units the gate let through: a lease per line, all under one id, that the caller's claim
 * settles, or that is given back by an abort or, line by line, by the reaper once its
 * deadline has passed.
 *
 * @param id the admission's id, chosen by the gate; a reservation uses it as its order's
 * id
 * @param eventId the event of the ticket types (their gates' keys carry it)
 * @param lines what was admitted of each ticket type, under which gate epoch
 * @param idempotencyKey the client's key, or {@code null}
 * @param accessCodeHash the presale code it was admitted with, or {@code null}; the claim
 * takes one of the code's use slots when the code is limited in uses
 */
public record Admission(UUID id, UUID eventId, UUID userId, List<Line> lines, String idempotencyKey,
		String accessCodeHash) {

	/**
	 * @param epoch the gate epoch that admitted the line; a claim commits only under the
	 * epochs of every line
	 */
	public record Line(UUID ticketTypeId, int quantity, long epoch) {
	}

	public Admission {
		lines = List.copyOf(lines);
	}

	/** An admission of one ticket type, without a presale code. */
	public Admission(UUID id, UUID eventId, UUID ticketTypeId, UUID userId, int quantity, long epoch,
			String idempotencyKey) {
		this(id, eventId, userId, List.of(new Line(ticketTypeId, quantity, epoch)), idempotencyKey, null);
	}

	/** The first line's ticket type, whose keys hold the idempotency key. */
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

	/** The keys of the gate that admitted the first line. */
	StockKeys keys() {
		return keys(this.lines.get(0));
	}

	/** The keys of the gate that admitted a line. */
	StockKeys keys(Line line) {
		return new StockKeys(this.eventId, line.ticketTypeId());
	}

	/** The full Redis key of its idempotency key, or {@code null} without one. */
	String idempotencyKeyName() {
		return (this.idempotencyKey == null) ? null : keys().idempotency(this.userId, this.idempotencyKey);
	}

}
