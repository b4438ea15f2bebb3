package io.ticketbooking.shared;

import org.springframework.http.HttpStatus;

/**
 * Too many attempts of one kind: {@code 429 RATE_LIMITED} with the route's own detail and
 * the seconds until the next attempt may pass.
 */
public class RateLimited extends RetryLater {

	public RateLimited(String detail, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", detail, retryAfterSeconds);
	}

}
