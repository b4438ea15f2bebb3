package io.ticketbooking.inventory;

import java.util.List;
import java.util.UUID;

/**
 * Who gets units that come back before the public does: the waiting list of their ticket
 * type (docs/waiting-list.md). Asked inside the transaction that frees the units, once
 * per ticket type; each offer it makes is an order of its own holding its units, recorded
 * in that transaction. The units it takes are handed to those orders and never reach the
 * gate's stock; the rest go back to sale.
 */
public interface Reoffers {

	/**
	 * Offers up to {@code units} freed units of the ticket type to waiting buyers, first
	 * come first served; answers the offers made, together at most {@code units}.
	 */
	List<Offer> offer(UUID ticketTypeId, int units);

	/**
	 * An order made to hold offered units for a waiting buyer.
	 *
	 * @param orderId the order, already recorded
	 * @param userId its buyer, who now holds the units
	 * @param units how many
	 */
	record Offer(UUID orderId, UUID userId, int units) {
	}

}
