package io.ticketbooking.tickets;

/** ISSUED → CHECKED_IN (the first scan); VOID when its order is cancelled or refunded. */
public enum TicketStatus {

	ISSUED, CHECKED_IN, VOID

}
