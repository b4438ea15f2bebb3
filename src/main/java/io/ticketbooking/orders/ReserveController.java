package io.ticketbooking.orders;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.events.AccessCodes;
import io.ticketbooking.inventory.Attempt;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.InvalidFields;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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

	/** The most lines one order may have. */
	static final int MAX_LINES = 20;

	/**
	 * One ticket type ({@code ticketTypeId} and {@code quantity}) or several
	 * ({@code lines}, each type once), reserved all or nothing.
	 */
	@OneForm
	record ReserveRequest(@NotNull UUID eventId, UUID ticketTypeId, @Min(1) @Max(100) Integer quantity,
			@Size(min = 1, max = MAX_LINES) List<@Valid @NotNull Line> lines,
			@Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9-]+",
					message = "may hold letters, digits and hyphens only") String accessCode) {

		/** The lines to reserve (the request is valid). */
		List<Attempt.Line> attemptLines() {
			if (this.lines == null) {
				return List.of(new Attempt.Line(this.ticketTypeId, this.quantity));
			}
			return this.lines.stream().map((l) -> new Attempt.Line(l.ticketTypeId(), l.quantity())).toList();
		}

	}

	/**
	 * The rules across a reserve request's fields, reported with the others: either
	 * {@code ticketTypeId} and {@code quantity}, or {@code lines}, each type once.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Constraint(validatedBy = OneFormValidator.class)
	@interface OneForm {

		String message() default "give either ticketTypeId and quantity, or lines";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

	static class OneFormValidator implements ConstraintValidator<OneForm, ReserveRequest> {

		@Override
		public boolean isValid(ReserveRequest request, ConstraintValidatorContext context) {
			context.disableDefaultConstraintViolation();
			boolean valid = true;
			if (request.lines() == null) {
				if (request.ticketTypeId() == null) {
					valid = violation(context, "must not be null", "ticketTypeId");
				}
				if (request.quantity() == null) {
					valid = violation(context, "must not be null", "quantity");
				}
				return valid;
			}
			if (request.ticketTypeId() != null || request.quantity() != null) {
				valid = violation(context, "give either ticketTypeId and quantity, or lines, not both", "lines");
			}
			Set<UUID> seen = new HashSet<>();
			for (int i = 0; i < request.lines().size(); i++) {
				Line line = request.lines().get(i);
				if (line != null && line.ticketTypeId() != null && !seen.add(line.ticketTypeId())) {
					context
						.buildConstraintViolationWithTemplate(
								"names a ticket type an earlier line names; give each type once, with its quantity")
						.addPropertyNode("lines")
						.addPropertyNode("ticketTypeId")
						.inIterable()
						.atIndex(i)
						.addConstraintViolation();
					valid = false;
				}
			}
			return valid;
		}

		private static boolean violation(ConstraintValidatorContext context, String message, String field) {
			context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
			return false;
		}

	}

	record Line(@NotNull UUID ticketTypeId, @NotNull @Min(1) @Max(100) Integer quantity) {
	}

	@Operation(summary = "Reserve tickets: a hold until expiresAt, then pay",
			description = "One ticket type (ticketTypeId, quantity) or several (lines, each type once, at most "
					+ MAX_LINES + "), all of one event: every line is reserved or none. Per-user limits hold per "
					+ "ticket type, and an event may limit the units of one order (maxTicketsPerOrder). An "
					+ "accessCode (a presale code) opens its ticket types within its window, before the public "
					+ "sale and without the waiting room.",
			responses = {
					@ApiResponse(responseCode = "201", description = "Reserved",
							content = @Content(schema = @Schema(implementation = Order.View.class))),
					@ApiResponse(responseCode = "403",
							description = "QUEUE_REQUIRED or ADMISSION_EXPIRED: the sale is queued and the waiting room "
									+ "has not admitted the caller, or the admission ran out; ACCESS_CODE_INVALID: the "
									+ "accessCode is not one of the event's (problem+json)"),
					@ApiResponse(responseCode = "409",
							description = "SOLD_OUT (of any line), LIMIT_EXCEEDED, ORDER_LIMIT_EXCEEDED, SALE_NOT_OPEN, "
									+ "SALE_CLOSED, or with an accessCode ACCESS_CODE_NOT_ACTIVE, "
									+ "ACCESS_CODE_NOT_FOR_TYPE, ACCESS_CODE_LIMIT_EXCEEDED or ACCESS_CODE_USED_UP "
									+ "(problem+json)"),
					@ApiResponse(responseCode = "429", description = "RATE_LIMITED (problem+json), with Retry-After") })
	@PostMapping("/api/v1/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order.View reserve(Caller caller, @Valid @RequestBody ReserveRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, HttpServletRequest http,
			HttpServletResponse response) throws IOException {
		if (idempotencyKey != null && !visibleAscii(idempotencyKey)) {
			throw InvalidFields.of("idempotencyKey", IDEMPOTENCY_KEY_RULE);
		}
		// a presale code goes to the gate by its hash; wrong ones are counted per user
		// and
		// per address (the proxy's forwarded one, as the server resolves it)
		Attempt.AccessCode code = (request.accessCode() == null) ? null : new Attempt.AccessCode(
				AccessCodes.hash(request.eventId(), request.accessCode()), http.getRemoteAddr());
		var reservation = new ReservationService.Reservation(caller.id(), request.eventId(), request.attemptLines(),
				idempotencyKey, code);
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
