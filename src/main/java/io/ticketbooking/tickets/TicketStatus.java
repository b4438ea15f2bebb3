package io.ticketbooking.tickets;

/**
 * ISSUED → CHECKED_IN (the first scan); either → VOID when its order is refunded in full
 * ({@link RefundedTickets}). A ticket of an order that is not paid and standing is
 * refused at check-in by its order's status as well.
 */
public enum TicketStatus {

	ISSUED, CHECKED_IN, VOID

}
