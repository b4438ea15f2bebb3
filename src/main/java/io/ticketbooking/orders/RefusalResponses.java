package io.ticketbooking.orders;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import io.ticketbooking.config.Problems;
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
 * handler writes for {@link OrderProblems} (made by {@link Problems}), as ready bytes, so
 * that answering a loser costs no exception resolution, no content negotiation and no
 * serialisation.
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
			byte[] body = Problems.render(json, problem, INSTANCE);
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
			case ORDER_LIMIT_EXCEEDED -> new OrderProblems.OrderLimitExceeded();
			case SALE_NOT_OPEN -> new OrderProblems.SaleNotOpen();
			case SALE_CLOSED -> new OrderProblems.SaleClosed();
			case RATE_LIMITED -> new OrderProblems.TooManyReservations(1);
			case QUEUE_REQUIRED -> new OrderProblems.QueueRequired();
			case ADMISSION_EXPIRED -> new OrderProblems.AdmissionExpired();
			case ACCESS_CODE_INVALID -> new OrderProblems.AccessCodeInvalid();
			case ACCESS_CODE_NOT_ACTIVE -> new OrderProblems.AccessCodeNotActive();
			case ACCESS_CODE_NOT_FOR_TYPE -> new OrderProblems.AccessCodeNotForType();
			case ACCESS_CODE_LIMIT_EXCEEDED -> new OrderProblems.AccessCodeLimitExceeded();
			case ACCESS_CODE_USED_UP -> new OrderProblems.AccessCodeUsedUp();
		};
	}

}
