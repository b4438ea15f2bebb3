package io.ticketbooking.orders;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.orders.WaitingLists.EntryView;
import io.ticketbooking.shared.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The waiting list of a sold-out ticket type (docs/waiting-list.md). */
@Tag(name = "waiting list")
@RestController
class WaitingListController {

	private static final String ENTRY = "/api/v1/events/{eventId}/ticket-types/{ticketTypeId}/waiting-list";

	private final WaitingLists lists;

	WaitingListController(WaitingLists lists) {
		this.lists = lists;
	}

	/**
	 * @param quantity the most units wanted: up to the type's per-customer limit
	 */
	record JoinRequest(@NotNull @Min(1) Integer quantity) {
	}

	@Operation(
			summary = "Join the waiting list of a sold-out ticket type: one entry per account; joining again "
					+ "while waiting answers the same entry and place",
			description = "Units that come back (an expired hold, a cancellation) are offered to the first entries "
					+ "in order, each offer an order held for you (`waitingListOffer: true`) until it runs out; "
					+ "pay it like any reserved order, or cancel it to pass it on.",
			responses = {
					@ApiResponse(responseCode = "201", description = "On the list, at the back",
							content = @Content(schema = @Schema(implementation = EntryView.class))),
					@ApiResponse(responseCode = "200", description = "Already waiting: your entry, unchanged"),
					@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such ticket type of the event"),
					@ApiResponse(responseCode = "409",
							description = "TICKETS_AVAILABLE (reserve them instead), SALE_NOT_OPEN, SALE_CLOSED"),
					@ApiResponse(responseCode = "422",
							description = "VALIDATION_FAILED: quantity outside 1..the per-customer limit") })
	@PostMapping(ENTRY)
	ResponseEntity<EntryView> join(Caller caller, @PathVariable UUID eventId, @PathVariable UUID ticketTypeId,
			@Valid @RequestBody JoinRequest request) {
		WaitingLists.Joined joined = this.lists.join(caller.id(), eventId, ticketTypeId, request.quantity());
		return ResponseEntity.status(joined.created() ? HttpStatus.CREATED : HttpStatus.OK).body(joined.entry());
	}

	@Operation(summary = "Your entry on the type's waiting list: place, units offered and the offers",
			responses = @ApiResponse(responseCode = "404", description = "NOT_FOUND: you are not on the list"))
	@GetMapping(ENTRY + "/me")
	EntryView mine(Caller caller, @PathVariable UUID eventId, @PathVariable UUID ticketTypeId) {
		return this.lists.mine(caller.id(), eventId, ticketTypeId);
	}

	@Operation(summary = "Leave the waiting list; offers already made stay yours until they run out",
			responses = @ApiResponse(responseCode = "404", description = "NOT_FOUND: you are not waiting"))
	@DeleteMapping(ENTRY + "/me")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void leave(Caller caller, @PathVariable UUID eventId, @PathVariable UUID ticketTypeId) {
		this.lists.leave(caller.id(), eventId, ticketTypeId);
	}

	@Operation(summary = "My waiting-list entries, the latest joined first, each with its offers")
	@GetMapping("/api/v1/waiting-list")
	List<EntryView> all(Caller caller) {
		return this.lists.allMine(caller.id());
	}

}
