package io.ticketbooking.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Published inside the transaction that moves an event's sale window. */
public record SaleWindowChanged(UUID eventId, List<UUID> ticketTypeIds, Instant salesStartAt, Instant salesEndAt) {
}
