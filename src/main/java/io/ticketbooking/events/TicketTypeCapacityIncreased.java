package io.ticketbooking.events;

import java.util.UUID;

/**
 * Published inside the transaction that raises a ticket type's capacity: the inventory
 * adds the new units in that transaction (the type's waiting list is offered them first,
 * the rest go on sale once it commits).
 *
 * @param previous the capacity before
 * @param capacity the capacity now, greater than {@code previous}
 */
public record TicketTypeCapacityIncreased(UUID eventId, UUID ticketTypeId, int previous, int capacity) {
}
