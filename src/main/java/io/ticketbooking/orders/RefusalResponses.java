package io.ticketbooking.orders;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.ticketbooking.orders.ReservationService.Refusal;
import io.ticketbooking.orders.ReservationService.Refused;
import io.ticketbooking.shared.ProblemException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

	private final Map<Refusal, ResponseEntity<byte[]>> answers = new EnumMap<>(Refusal.class);

	private final Map<Refusal, byte[]> bodies = new EnumMap<>(Refusal.class);

	RefusalResponses(JsonMapper json) {
		for (Refusal refusal : Refusal.values()) {
			ProblemException problem = problem(refusal);
			byte[] body = json.writeValueAsString(document(problem)).getBytes(StandardCharsets.UTF_8);
			this.bodies.put(refusal, body);
			this.answers.put(refusal,
					ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body));
		}
	}

	ResponseEntity<byte[]> answer(Refused refused) {
		if (refused.refusal() != Refusal.RATE_LIMITED) {
			return this.answers.get(refused.refusal());
		}
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()))
			.body(this.bodies.get(Refusal.RATE_LIMITED));
	}

	private static ProblemException problem(Refusal refusal) {
		return switch (refusal) {
			case SOLD_OUT -> new OrderProblems.SoldOut();
			case LIMIT_EXCEEDED -> new OrderProblems.LimitExceeded();
			case SALE_NOT_OPEN -> new OrderProblems.SaleNotOpen();
			case SALE_CLOSED -> new OrderProblems.SaleClosed();
			case RATE_LIMITED -> new OrderProblems.RateLimited(1);
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
