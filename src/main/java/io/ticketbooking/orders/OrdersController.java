package io.ticketbooking.orders;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.payments.Checkout;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "orders")
@Validated
@RestController
@RequestMapping("/api/v1/orders")
class OrdersController {

	private final ReservationService reservations;

	private final OrderService orders;

	private final RefusalResponses refusals;

	OrdersController(ReservationService reservations, OrderService orders, RefusalResponses refusals) {
		this.reservations = reservations;
		this.orders = orders;
		this.refusals = refusals;
	}

	record ReserveRequest(@NotNull UUID eventId, @NotNull UUID ticketTypeId,
			@NotNull @Min(1) @Max(100) Integer quantity) {
	}

	@Operation(summary = "Reserve tickets: a hold until expiresAt, then pay",
			responses = {
					@ApiResponse(responseCode = "201", description = "Reserved",
							content = @Content(schema = @Schema(implementation = Order.View.class))),
					@ApiResponse(responseCode = "409",
							description = "SOLD_OUT, LIMIT_EXCEEDED, SALE_NOT_OPEN, SALE_CLOSED (problem+json)"),
					@ApiResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After") })
	@PostMapping
	ResponseEntity<?> reserve(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ReserveRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Pattern(regexp = "[\\x21-\\x7e]{1,100}",
					message = "must be 1 to 100 visible ASCII characters") String idempotencyKey) {
		var reservation = new ReservationService.Reservation(userId(jwt), request.eventId(), request.ticketTypeId(),
				request.quantity(), idempotencyKey);
		return switch (this.reservations.reserve(reservation)) {
			case ReservationService.Reserved reserved ->
				ResponseEntity.status(HttpStatus.CREATED).body(reserved.order().view());
			case ReservationService.Refused refused -> this.refusals.answer(refused);
		};
	}

	@Operation(summary = "One of my orders")
	@GetMapping("/{id}")
	Order.View get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.orders.get(id, userId(jwt), isAdmin(jwt)).view();
	}

	@Operation(summary = "My orders, newest first")
	@GetMapping
	OrderService.Page mine(@AuthenticationPrincipal Jwt jwt, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return this.orders.mine(userId(jwt), page, size);
	}

	@Operation(summary = "Cancel a reserved order; its tickets go back on sale")
	@PostMapping("/{id}/cancel")
	Order.View cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.orders.cancel(id, userId(jwt)).view();
	}

	@Operation(summary = "Start paying a reserved order: a new payment attempt with its checkout URL")
	@PostMapping("/{id}/payment")
	@ResponseStatus(HttpStatus.CREATED)
	Checkout pay(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return this.orders.pay(id, userId(jwt));
	}

	static UUID userId(Jwt jwt) {
		return UUID.fromString(jwt.getSubject());
	}

	static boolean isAdmin(Jwt jwt) {
		var roles = jwt.getClaimAsStringList("roles");
		return roles != null && roles.contains("ADMIN");
	}

}
