package io.ticketbooking.shared;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Base of every domain failure that reaches a client. Subclasses are named after the
 * problem ({@code SoldOut}, {@code EmailTaken}); the web layer turns them into RFC 9457
 * problem details carrying {@link #code()}.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	protected ProblemException(HttpStatus status, String code, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	/** Extra members for the problem document, e.g. {@code firstCheckedInAt}. */
	public Map<String, Object> properties() {
		return Map.of();
	}

	/** Headers to add to the response, e.g. {@code Retry-After}. */
	public Map<String, String> headers() {
		return Map.of();
	}

}
