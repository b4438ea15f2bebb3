package io.ticketbooking.events;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "events")
@Validated
@RestController
@RequestMapping("/api/v1/events")
class EventsController {

	private final EventService events;

	private final EventRepository repository;

	EventsController(EventService events, EventRepository repository) {
		this.events = events;
		this.repository = repository;
	}

	@Operation(summary = "Create an event with its ticket types (organizers)")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
	EventView create(Caller caller, @Valid @RequestBody EventRequests.Create request) {
		return this.events.create(caller, request);
	}

	@Operation(summary = "Published events, soonest first; q searches name and venue, from/to bound startsAt")
	@GetMapping
	Page<EventView> list(@RequestParam(required = false) @Size(max = 100) String q,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		String text = (q == null || q.isBlank()) ? null : q.trim();
		var search = new EventRepository.Search(text, EventRequests.clamp(from), EventRequests.clamp(to), page, size);
		return new Page<>(this.events.views(this.repository.search(search)), page, size, this.repository.count(search));
	}

	@Operation(summary = "One event with its ticket types and live availability")
	@GetMapping("/{id}")
	EventView get(@PathVariable UUID id) {
		return this.events.view(this.events.get(id));
	}

	/**
	 * @param capacity the type's new capacity: at least its current one
	 */
	record CapacityRequest(@NotNull @Min(1) @Max(1_000_000) Integer capacity) {
	}

	@Operation(summary = "Raise a ticket type's capacity (owner or admin); it never goes down",
			description = "The new units are added at once: offered first to the type's waiting list in order "
					+ "(docs/waiting-list.md), the rest on sale. The same capacity again changes nothing.",
			responses = { @ApiResponse(responseCode = "200", description = "The event, with the new capacity"),
					@ApiResponse(responseCode = "403", description = "FORBIDDEN: not the event's organizer"),
					@ApiResponse(responseCode = "404", description = "NOT_FOUND: no such event or ticket type of it"),
					@ApiResponse(responseCode = "409", description = "EVENT_CANCELLED"),
					@ApiResponse(responseCode = "422",
							description = "VALIDATION_FAILED: capacity missing, above 1,000,000 or below the "
									+ "current one") })
	@PatchMapping("/{id}/ticket-types/{ticketTypeId}")
	EventView raiseCapacity(Caller caller, @PathVariable UUID id, @PathVariable UUID ticketTypeId,
			@Valid @RequestBody CapacityRequest request) {
		return this.events.raiseCapacity(caller, id, ticketTypeId, request.capacity());
	}

	@Operation(summary = "Change descriptive fields (owner); a capacity is raised through its ticket type")
	@PatchMapping("/{id}")
	EventView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody EventRequests.Patch patch) {
		return this.events.update(caller, id, patch);
	}

	@Operation(summary = "Cancel the event (owner): sales stop, holds are released, paid orders need refunds")
	@PostMapping("/{id}/cancel")
	EventView cancel(Caller caller, @PathVariable UUID id) {
		return this.events.cancel(caller, id);
	}

	@Operation(summary = "Opt the event into the waiting room, or change its settings (owner; the rate may change "
			+ "during the sale); docs/waiting-room.md")
	@PutMapping("/{id}/queue/settings")
	EventView setQueue(Caller caller, @PathVariable UUID id, @Valid @RequestBody EventRequests.QueueRequest request) {
		return this.events.setQueue(caller, id, request);
	}

	@Operation(summary = "Set the refund policy (owner): until when buyers may refund their orders, and whether "
			+ "refunded tickets go back on sale; docs/refunds.md")
	@PutMapping("/{id}/refund-policy")
	EventView setRefundPolicy(Caller caller, @PathVariable UUID id,
			@Valid @RequestBody EventRequests.RefundPolicyRequest request) {
		return this.events.setRefundPolicy(caller, id, request);
	}

	@Operation(summary = "Opt the event out of the waiting room (owner): anyone may reserve again")
	@DeleteMapping("/{id}/queue/settings")
	EventView removeQueue(Caller caller, @PathVariable UUID id) {
		return this.events.removeQueue(caller, id);
	}

	@Operation(summary = "Upload the event image (owner): PNG, JPEG or WebP")
	@PutMapping(path = "/{id}/image", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	EventView image(Caller caller, @PathVariable UUID id, @RequestPart("file") MultipartFile file) throws IOException {
		return this.events.replaceImage(caller, id, file.getBytes());
	}

}
