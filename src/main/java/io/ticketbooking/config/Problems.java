package io.ticketbooking.config;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.ticketbooking.shared.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details with the stable {@code code} member every error
 * carries, and writes them from places that run outside Spring MVC (filters, security
 * handlers). The one place a problem document is made: the exception handler answers with
 * {@link #of(ProblemException)}, and answers made ahead of time are
 * {@link #render(JsonMapper, ProblemException, String) rendered} from the same.
 */
public final class Problems {

	static final String TYPE_PREFIX = "https://ticketbooking.io/problems/";

	private Problems() {
	}

	static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		return withCode(problem, code);
	}

	/** The problem details of a domain problem: status, code, detail and its members. */
	public static ProblemDetail of(ProblemException problem) {
		ProblemDetail details = of(problem.status(), problem.code(), problem.getMessage());
		problem.properties().forEach(details::setProperty);
		return details;
	}

	/**
	 * The body the exception handler answers {@code problem} with on the route
	 * {@code instance}, serialised as Spring MVC does it (the application's
	 * {@link JsonMapper}, which renders {@link ProblemDetail}), for answers written
	 * straight to the response.
	 */
	public static byte[] render(JsonMapper json, ProblemException problem, String instance) {
		ProblemDetail details = of(problem);
		details.setInstance(URI.create(instance));
		return json.writeValueAsBytes(details);
	}

	static ProblemDetail withCode(ProblemDetail problem, String code) {
		problem.setType(URI.create(TYPE_PREFIX + code.toLowerCase(Locale.ROOT).replace('_', '-')));
		if (problem.getTitle() == null) {
			HttpStatus known = HttpStatus.resolve(problem.getStatus());
			problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
		}
		problem.setProperty("code", code);
		return problem;
	}

	/** The default code for a status when nothing more specific is known. */
	static String codeFor(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name() : "HTTP_" + status.value();
	}

	static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), flatten(problem));
	}

	static Map<String, Object> flatten(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

}
