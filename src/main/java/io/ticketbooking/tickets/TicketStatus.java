package io.ticketbooking.tickets;

/**
 * ISSUED → CHECKED_IN (the first scan). VOID is allowed by the schema but nothing sets it
 * yet: a ticket of a refunded order is refused at check-in by its order's status.
 */
public enum TicketStatus {

	ISSUED, CHECKED_IN, VOID

}
