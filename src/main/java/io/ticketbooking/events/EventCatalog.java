package io.ticketbooking.events;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.NotFound;

import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What other modules may know of events and ticket types: a read API over the events
 * module's own tables, so that nobody else's SQL names them.
 */
@Service
public class EventCatalog {

	/**
	 * Ticket types whose immutable facts are kept in memory; the map starts over above.
	 */
	private static final int CACHED_TICKET_TYPES = 10_000;

	private final EventRepository events;

	private final QueueSettingsRepository queues;

	private final Map<UUID, TicketTypeFacts> ticketTypes = new ConcurrentHashMap<>();

	private final PresaleCodeRepository presaleCodes;

	EventCatalog(EventRepository events, QueueSettingsRepository queues, PresaleCodeRepository presaleCodes) {
		this.events = events;
		this.queues = queues;
		this.presaleCodes = presaleCodes;
	}

	/**
	 * A presale access code as the gate needs it (docs/presale.md).
	 *
	 * @param codeHash {@link AccessCodes#hash}
	 * @param maxUses orders it may be used for, {@code null}: no limit
	 * @param maxTicketsPerUse units one order made with it may hold, {@code null}: no
	 * such limit
	 */
	public record PresaleCodeFacts(String codeHash, List<UUID> ticketTypeIds, Instant startsAt, Instant endsAt,
			Integer maxUses, Integer maxTicketsPerUse) {

	}

	/** The event's presale codes. */
	public List<PresaleCodeFacts> presaleCodes(UUID eventId) {
		return this.presaleCodes.ofEvent(eventId)
			.stream()
			.map((c) -> new PresaleCodeFacts(c.codeHash(), c.ticketTypeIds(), c.startsAt(), c.endsAt(), c.maxUses(),
					c.maxTicketsPerUse()))
			.toList();
	}

	/** Events that have presale codes. */
	public List<UUID> eventsWithPresaleCodes() {
		return this.presaleCodes.eventsWithCodes();
	}

	/**
	 * An event as other modules see it.
	 *
	 * @param maxTicketsPerOrder units one order may hold over all its ticket types,
	 * {@code null} for no such limit
	 */
	public record EventFacts(UUID id, UUID organizerId, String name, String venue, Instant startsAt, ZoneId zone,
			Instant salesStartAt, Instant salesEndAt, Integer maxTicketsPerOrder, EventStatus status, String imageKey,
			RefundPolicy refundPolicy) {

	}

	/**
	 * A ticket type's facts, none of which change after the event is created (prices and
	 * capacities are not editable), so they may be cached.
	 */
	public record TicketTypeFacts(UUID id, UUID eventId, String name, long price, String currency, int capacity,
			int perUserLimit) {

	}

	public Optional<EventFacts> event(UUID eventId) {
		return this.events.findFacts(eventId);
	}

	/** Read once per ticket type and then served from memory. */
	public Optional<TicketTypeFacts> ticketType(UUID ticketTypeId) {
		TicketTypeFacts cached = this.ticketTypes.get(ticketTypeId);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<TicketTypeFacts> facts = this.events.findTicketType(ticketTypeId);
		facts.ifPresent((found) -> {
			if (this.ticketTypes.size() >= CACHED_TICKET_TYPES) {
				this.ticketTypes.clear();
			}
			this.ticketTypes.put(ticketTypeId, found);
		});
		return facts;
	}

	/** A raised capacity is read again on the next look. */
	@TransactionalEventListener
	void capacityIncreased(TicketTypeCapacityIncreased increased) {
		this.ticketTypes.remove(increased.ticketTypeId());
	}

	/** The ticket types of the events, each event's in display order. */
	public Map<UUID, List<TicketTypeFacts>> ticketTypesOf(List<UUID> eventIds) {
		return this.events.ticketTypeFacts(eventIds);
	}

	/**
	 * The event, for its organizer or an admin; to anyone else, as to an unknown id, it
	 * does not exist ({@link NotFound}).
	 */
	public EventFacts organizedBy(Caller caller, UUID eventId) {
		return event(eventId).filter((e) -> caller.isOwnerOrAdmin(e.organizerId()))
			.orElseThrow(() -> new NotFound("Event"));
	}

	/** One event's ticket types, in display order; none for an unknown event. */
	public List<TicketTypeFacts> ticketTypesOf(UUID eventId) {
		return ticketTypesOf(List.of(eventId)).getOrDefault(eventId, List.of());
	}

	/**
	 * One event's ticket types' names by id, e.g. for a line of an export or an email.
	 */
	public Map<UUID, String> ticketTypeNames(UUID eventId) {
		Map<UUID, String> names = new LinkedHashMap<>();
		ticketTypesOf(eventId).forEach((type) -> names.put(type.id(), type.name()));
		return names;
	}

	/** Every ticket type with its event, oldest first. */
	public Map<UUID, UUID> ticketTypeEvents() {
		return this.events.allTicketTypeEvents();
	}

	/** An organizer's events, cancelled ones included, latest start first. */
	public List<EventFacts> ofOrganizer(UUID organizerId, int page, int size) {
		return this.events.ofOrganizer(organizerId, page, size);
	}

	/** The event's waiting room, if its organizer opted it in. */
	public Optional<QueueSettings> queue(UUID eventId) {
		return this.queues.find(eventId);
	}

	/**
	 * Events with a waiting room whose sale has not ended a day ago or earlier, cancelled
	 * ones excluded.
	 */
	public List<UUID> queuedEvents(Instant now) {
		return this.queues.queuedEvents(now);
	}

	public long countOfOrganizer(UUID organizerId) {
		return this.events.countOfOrganizer(organizerId);
	}

}
