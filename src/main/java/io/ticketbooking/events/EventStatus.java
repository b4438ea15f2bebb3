package io.ticketbooking.events;

/** An event's state: on sale (within its window) until cancelled; cancelling is final. */
public enum EventStatus {

	PUBLISHED, CANCELLED

}
