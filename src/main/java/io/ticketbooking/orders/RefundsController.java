package io.ticketbooking.orders;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.payments.Refund;
import io.ticketbooking.shared.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Refunds (docs/refunds.md). A refund is carried out after the answer: the order is
 * REFUND_PENDING until the provider confirms it, then REFUNDED.
 */
@Tag(name = "refunds")
@Validated
@RestController
class RefundsController {

	private final OrderRefunds refunds;

	RefundsController(OrderRefunds refunds) {
		this.refunds = refunds;
	}

	@Operation(summary = "Refund my paid order in full, while the event's refund policy allows it; "
			+ "its tickets are void once the refund is confirmed")
	@PostMapping("/api/v1/orders/{id}/refund")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Refund refundMine(Caller caller, @PathVariable UUID id) {
		return this.refunds.byBuyer(id, caller);
	}

	@Operation(summary = "An order's refunds, oldest first (its buyer, the event's organizer or an admin)")
	@GetMapping("/api/v1/orders/{id}/refunds")
	List<Refund> list(Caller caller, @PathVariable UUID id) {
		return this.refunds.of(id, caller);
	}

	/**
	 * @param amount minor units; absent for all that is left of the payment (which also
	 * ends the order)
	 */
	record OrganizerRefund(@Min(1) @Max(100_000_000_000L) Long amount) {
	}

	@Operation(summary = "Refund an order of my event, in full or in part (organizer of the event, or admin); "
			+ "a refund that failed for good is tried again")
	@PostMapping("/api/v1/organizer/orders/{id}/refunds")
	@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Refund refund(Caller caller, @PathVariable UUID id, @Valid @RequestBody(required = false) OrganizerRefund body) {
		return this.refunds.byOrganizer(id, caller, (body != null) ? body.amount() : null);
	}

}
