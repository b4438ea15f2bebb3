package io.ticketbooking.shared;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A refusal the client may simply repeat after a while: answered with a
 * {@code Retry-After} header in whole seconds.
 */
public abstract class RetryLater extends ProblemException {

	private final long retryAfterSeconds;

	protected RetryLater(HttpStatus status, String code, String detail, long retryAfterSeconds) {
		super(status, code, detail);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public Map<String, String> headers() {
		return Map.of("Retry-After", Long.toString(this.retryAfterSeconds));
	}

}
