package io.ticketbooking.shared;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Input that is well-formed but breaks a rule; answered 422 with the offending fields.
 */
public class InvalidFields extends ProblemException {

	private final List<Map<String, String>> errors;

	public InvalidFields(List<Map<String, String>> errors) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "VALIDATION_FAILED", "The request has invalid fields.");
		this.errors = List.copyOf(errors);
	}

	public static InvalidFields of(String field, String message) {
		return new InvalidFields(List.of(Map.of("field", field, "message", message)));
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", this.errors);
	}

}
