package io.ticketbooking.orders;

import java.io.IOException;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.InvalidFields;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reserve route, the hottest of a sale, on its own: no method-validation proxy around
 * it (the one header rule is checked here), and refusals written straight to the response
 * from ready bytes, while a reservation is serialised as usual.
 */
@Tag(name = "orders")
@RestController
class ReserveController {

	static final String IDEMPOTENCY_KEY_RULE = "must be 1 to 100 visible ASCII characters";

	private final Reservations reservations;

	private final RefusalResponses refusals;

	ReserveController(Reservations reservations, RefusalResponses refusals) {
		this.reservations = reservations;
		this.refusals = refusals;
	}

	record ReserveRequest(@NotNull UUID eventId, @NotNull UUID ticketTypeId,
			@NotNull @Min(1) @Max(100) Integer quantity) {
	}

	@Operation(summary = "Reserve tickets: a hold until expiresAt, then pay", responses = {
			@ApiResponse(responseCode = "201", description = "Reserved",
					content = @Content(schema = @Schema(implementation = Order.View.class))),
			@ApiResponse(responseCode = "403",
					description = "QUEUE_REQUIRED or ADMISSION_EXPIRED: the sale is queued and the waiting room "
							+ "has not admitted the caller, or the admission ran out (problem+json)"),
			@ApiResponse(responseCode = "409",
					description = "SOLD_OUT, LIMIT_EXCEEDED, SALE_NOT_OPEN or SALE_CLOSED (problem+json)"),
			@ApiResponse(responseCode = "429", description = "RATE_LIMITED (problem+json), with Retry-After") })
	@PostMapping("/api/v1/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order.View reserve(Caller caller, @Valid @RequestBody ReserveRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			HttpServletResponse response) throws IOException {
		if (idempotencyKey != null && !visibleAscii(idempotencyKey)) {
			throw InvalidFields.of("idempotencyKey", IDEMPOTENCY_KEY_RULE);
		}
		var reservation = new ReservationService.Reservation(caller.id(), request.eventId(), request.ticketTypeId(),
				request.quantity(), idempotencyKey);
		return switch (this.reservations.reserve(reservation)) {
			case ReservationService.Reserved reserved -> reserved.order().view();
			case ReservationService.Refused refused -> {
				// the response is complete: Spring writes nothing more for a committed
				// one
				this.refusals.write(refused, response);
				yield null;
			}
		};
	}

	/** 1 to 100 characters from {@code !} to {@code ~}, as the contract says. */
	static boolean visibleAscii(String value) {
		int length = value.length();
		if (length < 1 || length > 100) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

}
