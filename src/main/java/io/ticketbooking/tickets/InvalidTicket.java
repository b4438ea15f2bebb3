package io.ticketbooking.tickets;

import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;

/** A QR payload that is malformed, forged, altered or signed by another key. */
class InvalidTicket extends ProblemException {

	InvalidTicket() {
		super(HttpStatus.BAD_REQUEST, "INVALID_TICKET", "This is not a valid ticket.");
	}

}
