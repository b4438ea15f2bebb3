package io.ticketbooking.orders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.ticketbooking.orders.ReservationService.Refusal;
import io.ticketbooking.orders.ReservationService.Refused;
import io.ticketbooking.shared.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The answers to a sale's refusals, made once: the same problem documents the exception
 * handler writes for {@link OrderProblems} (status, code, type, title, detail, instance),
 * as ready bytes, so that answering a loser costs no exception resolution, no content
 * negotiation and no serialisation.
 */
@Component
class RefusalResponses {

	/** The one route these answer; the problem's {@code instance}. */
	static final String INSTANCE = "/api/v1/orders";

	private final Map<Refusal, byte[]> bodies = new EnumMap<>(Refusal.class);

	private final Map<Refusal, Integer> statuses = new EnumMap<>(Refusal.class);

	RefusalResponses(JsonMapper json) {
		for (Refusal refusal : Refusal.values()) {
			ProblemException problem = problem(refusal);
			byte[] body = json.writeValueAsString(document(problem)).getBytes(StandardCharsets.UTF_8);
			this.bodies.put(refusal, body);
			this.statuses.put(refusal, problem.status().value());
		}
	}

	/** Writes the refusal and completes the response. */
	void write(Refused refused, HttpServletResponse response) throws IOException {
		Refusal refusal = refused.refusal();
		byte[] body = this.bodies.get(refusal);
		response.setStatus(this.statuses.get(refusal));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (refusal == Refusal.RATE_LIMITED) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
		}
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static ProblemException problem(Refusal refusal) {
		return switch (refusal) {
			case SOLD_OUT -> new OrderProblems.SoldOut();
			case LIMIT_EXCEEDED -> new OrderProblems.LimitExceeded();
			case SALE_NOT_OPEN -> new OrderProblems.SaleNotOpen();
			case SALE_CLOSED -> new OrderProblems.SaleClosed();
			case RATE_LIMITED -> new OrderProblems.TooManyReservations(1);
		};
	}

	/** The members in the order the exception handler's problem documents have them. */
	private static Map<String, Object> document(ProblemException problem) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("detail", problem.getMessage());
		document.put("instance", INSTANCE);
		document.put("status", problem.status().value());
		document.put("title", problem.status().getReasonPhrase());
		document.put("type",
				"https://ticketbooking.io/problems/" + problem.code().toLowerCase(Locale.ROOT).replace('_', '-'));
		document.put("code", problem.code());
		return document;
	}

}
