package io.ticketbooking.events;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.Forbidden;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.ProblemException;
import io.ticketbooking.storage.ImageContent;
import io.ticketbooking.storage.ObjectStorage;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating and changing events; each change publishes its event inside the same
 * transaction, so the inventory's unit rows commit (or roll back) together with the
 * event.
 */
@Service
class EventService {

	private final EventRepository events;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher publisher;

	private final AvailabilityProvider availability;

	private final ObjectStorage storage;

	private final Clock clock;

	private final QueueSettingsRepository queues;

	EventService(EventRepository events, TransactionTemplate transactions, ApplicationEventPublisher publisher,
			AvailabilityProvider availability, ObjectStorage storage, Clock clock, QueueSettingsRepository queues) {
		this.events = events;
		this.transactions = transactions;
		this.publisher = publisher;
		this.availability = availability;
		this.storage = storage;
		this.clock = clock;
		this.queues = queues;
	}

	EventView create(Caller organizer, EventRequests.Create request) {
		EventRequests.checkRules(request.startsAt(), request.endsAt(), request.salesStartAt(), request.salesEndAt(),
				request.timezone(), request.ticketTypes());
		List<Event.TicketType> types = request.ticketTypes()
			.stream()
			.map((t) -> new Event.TicketType(UUID.randomUUID(), t.name().trim(), t.price(), t.currency(), t.capacity(),
					t.perUserLimit()))
			.toList();
		Event event = new Event(UUID.randomUUID(), organizer.id(), request.name().trim(),
				Objects.requireNonNullElse(request.description(), ""), request.venue().trim(), request.startsAt(),
				request.endsAt(), request.timezone(), request.salesStartAt(), request.salesEndAt(),
				noLimitAsNull(request.maxTicketsPerOrder()), EventStatus.PUBLISHED, null, this.clock.instant(),
				RefundPolicy.DEFAULT, types);
		this.transactions.executeWithoutResult((tx) -> {
			this.events.insert(event);
			this.publisher.publishEvent(
					new EventCreated(event.id(), event.organizerId(), event.salesStartAt(), event.salesEndAt(),
							types.stream()
								.map((t) -> new EventCreated.TicketType(t.id(), t.name(), t.price(), t.currency(),
										t.capacity(), t.perUserLimit()))
								.toList()));
		});
		return view(this.events.find(event.id()).orElseThrow());
	}

	Event get(UUID id) {
		return this.events.find(id).orElseThrow(() -> new NotFound("Event"));
	}

	EventView view(Event event) {
		return views(List.of(event)).get(0);
	}

	List<EventView> views(List<Event> events) {
		List<UUID> typeIds = events.stream().flatMap((e) -> e.ticketTypeIds().stream()).toList();
		Map<UUID, Integer> available = typeIds.isEmpty() ? Map.of() : this.availability.available(typeIds);
		Map<UUID, QueueSettings> queues = this.queues.findAll(events.stream().map(Event::id).toList());
		return events.stream().map((e) -> EventView.of(e, imageUrl(e), available, queues.get(e.id()))).toList();
	}

	EventView update(Caller caller, UUID id, EventRequests.Patch patch) {
		if (patch.ticketTypes() != null) {
			throw InvalidFields.of("ticketTypes", "ticket types and capacities cannot be changed after creation");
		}
		Event updated = this.transactions.execute((tx) -> {
			Event current = this.events.findForUpdate(id).orElseThrow(() -> new NotFound("Event"));
			checkOwner(caller, current);
			Event next = new Event(id, current.organizerId(), or(patch.name(), current.name()),
					or(patch.description(), current.description()), or(patch.venue(), current.venue()),
					or(patch.startsAt(), current.startsAt()), or(patch.endsAt(), current.endsAt()),
					or(patch.timezone(), current.timezone()), or(patch.salesStartAt(), current.salesStartAt()),
					or(patch.salesEndAt(), current.salesEndAt()),
					(patch.maxTicketsPerOrder() == null) ? current.maxTicketsPerOrder()
							: noLimitAsNull(patch.maxTicketsPerOrder()),
					current.status(), current.imageKey(), current.createdAt(), current.refundPolicy(),
					current.ticketTypes());
			EventRequests.checkRules(next.startsAt(), next.endsAt(), next.salesStartAt(), next.salesEndAt(),
					next.timezone(), List.of());
			this.events.update(next);
			if (!next.salesStartAt().equals(current.salesStartAt()) || !next.salesEndAt().equals(current.salesEndAt())
					|| !Objects.equals(next.maxTicketsPerOrder(), current.maxTicketsPerOrder())) {
				this.publisher.publishEvent(
						new SaleWindowChanged(id, current.ticketTypeIds(), next.salesStartAt(), next.salesEndAt()));
			}
			return next;
		});
		return view(updated);
	}

	/**
	 * Raises a ticket type's capacity (never lowers it: its units may be held or sold);
	 * the new units are added in the same transaction. The same capacity again changes
	 * nothing.
	 */
	EventView raiseCapacity(Caller caller, UUID eventId, UUID ticketTypeId, int capacity) {
		this.transactions.executeWithoutResult((tx) -> {
			Event current = this.events.findForUpdate(eventId).orElseThrow(() -> new NotFound("Event"));
			checkOwner(caller, current);
			Event.TicketType type = current.ticketTypes()
				.stream()
				.filter((t) -> t.id().equals(ticketTypeId))
				.findFirst()
				.orElseThrow(() -> new NotFound("Ticket type"));
			if (current.status() == EventStatus.CANCELLED) {
				throw new EventCancelledProblem();
			}
			if (capacity < type.capacity()) {
				throw InvalidFields.of("capacity",
						"can only grow: it is " + type.capacity() + ", and its units may be held or sold");
			}
			if (this.events.raiseCapacity(ticketTypeId, capacity)) {
				this.publisher
					.publishEvent(new TicketTypeCapacityIncreased(eventId, ticketTypeId, type.capacity(), capacity));
			}
		});
		return view(get(eventId));
	}

	/** A cancelled event's ticket types do not change. */
	static final class EventCancelledProblem extends ProblemException {

		EventCancelledProblem() {
			super(HttpStatus.CONFLICT, "EVENT_CANCELLED", "The event is cancelled.");
		}

	}

	/** 0 in a request means no per-order limit, stored as none. */
	private static Integer noLimitAsNull(Integer maxTicketsPerOrder) {
		return (maxTicketsPerOrder == null || maxTicketsPerOrder == 0) ? null : maxTicketsPerOrder;
	}

	EventView cancel(Caller caller, UUID id) {
		this.transactions.executeWithoutResult((tx) -> {
			Event current = this.events.findForUpdate(id).orElseThrow(() -> new NotFound("Event"));
			checkOwner(caller, current);
			if (this.events.cancel(id)) {
				this.publisher.publishEvent(new EventCancelled(id, current.ticketTypeIds()));
			}
		});
		return view(get(id));
	}

	/**
	 * Opts the event into the waiting room, or changes its settings (the rate may change
	 * during the sale); the gate and the queue follow once the transaction commits.
	 */
	EventView setQueue(Caller caller, UUID id, EventRequests.QueueRequest request) {
		this.transactions.executeWithoutResult((tx) -> {
			Event current = this.events.findForUpdate(id).orElseThrow(() -> new NotFound("Event"));
			checkOwner(caller, current);
			EventRequests.checkQueueRules(request, current.salesStartAt());
			QueueSettings settings = new QueueSettings(id, request.preQueueOpensAt(), request.ratePerMinute(),
					Duration.ofSeconds(request.admissionWindowSeconds()),
					Boolean.TRUE.equals(request.refuseAccountsCreatedAfterOpening()));
			this.queues.save(settings);
			this.publisher.publishEvent(new QueueSettingsChanged(id, current.ticketTypeIds(), settings));
		});
		return view(get(id));
	}

	/**
	 * Sets who may refund the event's orders until when; a buyer's window closes no later
	 * than the event starts.
	 */
	EventView setRefundPolicy(Caller caller, UUID id, EventRequests.RefundPolicyRequest request) {
		this.transactions.executeWithoutResult((tx) -> {
			Event current = this.events.findForUpdate(id).orElseThrow(() -> new NotFound("Event"));
			checkOwner(caller, current);
			EventRequests.checkRefundPolicy(request, current.startsAt());
			this.events.saveRefundPolicy(id,
					new RefundPolicy(request.refundableUntil(), !Boolean.FALSE.equals(request.restock())));
		});
		return view(get(id));
	}

	/** Opts the event out of the waiting room: anyone may reserve again. */
	EventView removeQueue(Caller caller, UUID id) {
		this.transactions.executeWithoutResult((tx) -> {
			Event current = this.events.findForUpdate(id).orElseThrow(() -> new NotFound("Event"));
			checkOwner(caller, current);
			if (this.queues.delete(id)) {
				this.publisher.publishEvent(new QueueSettingsChanged(id, current.ticketTypeIds(), null));
			}
		});
		return view(get(id));
	}

	/** Stores the image first, then points the event at it, then drops the old object. */
	EventView replaceImage(Caller caller, UUID id, byte[] bytes) {
		checkOwner(caller, get(id));
		ImageContent image = ImageContent.inspect(bytes);
		String key = "events/" + id + "/" + UUID.randomUUID() + "." + image.extension();
		this.storage.put(key, bytes, image.mediaType());
		String previous;
		try {
			previous = this.events.replaceImage(id, key).orElse(null);
		}
		catch (RuntimeException ex) {
			this.storage.delete(key);
			throw ex;
		}
		if (previous != null) {
			this.storage.delete(previous);
		}
		return view(get(id));
	}

	private URI imageUrl(Event event) {
		return (event.imageKey() != null) ? this.storage.presignedGet(event.imageKey()) : null;
	}

	static void checkOwner(Caller caller, Event event) {
		if (!caller.isOwnerOrAdmin(event.organizerId())) {
			throw new Forbidden("Only the event's organizer may change it.");
		}
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
