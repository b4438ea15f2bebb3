package io.ticketbooking.shared;

import org.springframework.http.HttpStatus;

/** The resource does not exist, or the caller may not know that it does. */
public class NotFound extends ProblemException {

	public NotFound(String what) {
		super(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
	}

}
