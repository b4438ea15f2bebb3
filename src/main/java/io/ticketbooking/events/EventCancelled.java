package io.ticketbooking.events;

import java.util.List;
import java.util.UUID;

/**
 * Published inside the transaction that cancels an event; sales stop and holds are
 * released.
 */
public record EventCancelled(UUID eventId, List<UUID> ticketTypeIds) {
}
