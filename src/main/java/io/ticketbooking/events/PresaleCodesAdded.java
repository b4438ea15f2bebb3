package io.ticketbooking.events;

import java.util.List;
import java.util.UUID;

/**
 * Published inside the transaction that adds presale codes to an event: the inventory
 * makes the use slots of the limited ones in the same transaction and loads the event's
 * codes into the gate once it commits.
 */
public record PresaleCodesAdded(UUID eventId, List<AddedCode> codes) {

	/**
	 * @param maxUses orders it may be used for, {@code null}: no limit
	 */
	public record AddedCode(String codeHash, Integer maxUses) {
	}

}
