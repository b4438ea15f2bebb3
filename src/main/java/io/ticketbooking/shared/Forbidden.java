package io.ticketbooking.shared;

import org.springframework.http.HttpStatus;

/** The caller is known but may not do this to this resource. */
public class Forbidden extends ProblemException {

	public Forbidden(String detail) {
		super(HttpStatus.FORBIDDEN, "FORBIDDEN", detail);
	}

}
