package io.ticketbooking.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published inside the transaction that moves an event's sale window or changes its
 * per-order limit: the gates of its ticket types are rebuilt with the new terms.
 */
public record SaleWindowChanged(UUID eventId, List<UUID> ticketTypeIds, Instant salesStartAt, Instant salesEndAt) {
}
