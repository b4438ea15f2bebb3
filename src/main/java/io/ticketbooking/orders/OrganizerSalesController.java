package io.ticketbooking.orders;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.events.AvailabilityProvider;
import io.ticketbooking.events.EventStatus;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only sales figures for the organizer console: per ticket type, units sold (paid),
 * held (reserved, not yet paid) and live available (the stock gate). Only the event's
 * organizer (or an admin) sees an event; to anyone else it does not exist.
 */
@Tag(name = "organizer")
@Validated
@RestController
@RequestMapping("/api/v1/organizer/events")
@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
class OrganizerSalesController {

	private final SalesRepository sales;

	private final AvailabilityProvider availability;

	private final WaitingListRepository waitingLists;

	OrganizerSalesController(SalesRepository sales, AvailabilityProvider availability,
			WaitingListRepository waitingLists) {
		this.sales = sales;
		this.waitingLists = waitingLists;
		this.availability = availability;
	}

	/**
	 * @param waiting entries on the type's waiting list still waiting
	 * @param waitingUnits tickets they still want
	 */
	record TypeSales(UUID id, String name, int capacity, long sold, long held, Integer available, long waiting,
			long waitingUnits) {
	}

	record EventSales(UUID id, String name, String venue, Instant startsAt, EventStatus status,
			List<TypeSales> ticketTypes) {
	}

	@Operation(
			summary = "My events (organizers), cancelled ones included, with sold, held, available and waiting per type")
	@GetMapping
	Page<EventSales> mine(Caller caller, @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		UUID organizer = caller.id();
		List<SalesRepository.EventRow> events = this.sales.ofOrganizer(organizer, page, size);
		return new Page<>(withSales(events), page, size, this.sales.countOfOrganizer(organizer));
	}

	@Operation(summary = "One of my events (organizer or admin) with sold, held, available and waiting per type")
	@GetMapping("/{id}")
	EventSales one(Caller caller, @PathVariable UUID id) {
		SalesRepository.EventRow event = this.sales.find(id)
			.filter((e) -> caller.isOwnerOrAdmin(e.organizerId()))
			.orElseThrow(() -> new NotFound("Event"));
		return withSales(List.of(event)).getFirst();
	}

	private List<EventSales> withSales(List<SalesRepository.EventRow> events) {
		Map<UUID, List<SalesRepository.TypeRow>> types = this.sales
			.ticketTypes(events.stream().map(SalesRepository.EventRow::id).toList());
		Map<UUID, Integer> available = this.availability
			.available(types.values().stream().flatMap(List::stream).map(SalesRepository.TypeRow::id).toList());
		Map<UUID, WaitingListRepository.TypeCount> waiting = this.waitingLists
			.waitingOf(events.stream().map(SalesRepository.EventRow::id).toList());
		WaitingListRepository.TypeCount none = new WaitingListRepository.TypeCount(null, 0, 0);
		return events.stream().map((e) -> {
			boolean cancelled = e.status() == EventStatus.CANCELLED;
			List<TypeSales> typeSales = types.getOrDefault(e.id(), List.of())
				.stream()
				.map((t) -> new TypeSales(t.id(), t.name(), t.capacity(), t.sold(), t.held(),
						cancelled ? Integer.valueOf(0) : available.get(t.id()),
						waiting.getOrDefault(t.id(), none).entries(), waiting.getOrDefault(t.id(), none).units()))
				.toList();
			return new EventSales(e.id(), e.name(), e.venue(), e.startsAt(), e.status(), typeSales);
		}).toList();
	}

}
