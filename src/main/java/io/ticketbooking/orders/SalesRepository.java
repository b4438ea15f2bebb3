package io.ticketbooking.orders;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an organizer sees of their own events: the events and ticket types from the events
 * module's catalog, and units sold and held per ticket type summed from this module's
 * orders (served by {@code orders_event_status}).
 */
@Repository
class SalesRepository {

	private final JdbcClient jdbc;

	private final EventCatalog catalog;

	SalesRepository(JdbcClient jdbc, EventCatalog catalog) {
		this.jdbc = jdbc;
		this.catalog = catalog;
	}

	record EventRow(UUID id, UUID organizerId, String name, String venue, Instant startsAt, EventStatus status) {
	}

	record TypeRow(UUID id, String name, int capacity, long sold, long held) {
	}

	/** The organizer's events, cancelled ones included, latest start first. */
	List<EventRow> ofOrganizer(UUID organizerId, int page, int size) {
		return this.catalog.ofOrganizer(organizerId, page, size).stream().map(SalesRepository::event).toList();
	}

	long countOfOrganizer(UUID organizerId) {
		return this.catalog.countOfOrganizer(organizerId);
	}

	Optional<EventRow> find(UUID eventId) {
		return this.catalog.event(eventId).map(SalesRepository::event);
	}

	/** Ticket types of the events in display order, with units sold and held. */
	Map<UUID, List<TypeRow>> ticketTypes(List<UUID> eventIds) {
		Map<UUID, List<TypeRow>> byEvent = new LinkedHashMap<>();
		if (eventIds.isEmpty()) {
			return byEvent;
		}
		Map<UUID, long[]> counts = unitsByStatus(eventIds);
		this.catalog.ticketTypesOf(eventIds).forEach((event, types) -> byEvent.put(event, types.stream().map((t) -> {
			long[] soldAndHeld = counts.getOrDefault(t.id(), new long[2]);
			return new TypeRow(t.id(), t.name(), t.capacity(), soldAndHeld[0], soldAndHeld[1]);
		}).toList()));
		return byEvent;
	}

	/** Per ticket type: units of confirmed orders, units of reserved ones. */
	Map<UUID, long[]> unitsByStatus(List<UUID> eventIds) {
		Map<UUID, long[]> counts = new HashMap<>();
		this.jdbc.sql("""
				select l.ticket_type_id, o.status, sum(l.quantity) as units
				from orders o join order_lines l on l.order_id = o.id
				where o.event_id in (:events) and o.status in (:sold, :held)
				group by l.ticket_type_id, o.status
				""")
			.param("events", eventIds)
			.param("sold", OrderStatus.CONFIRMED.name())
			.param("held", OrderStatus.RESERVED.name())
			.query((rs) -> {
				long[] soldAndHeld = counts.computeIfAbsent(rs.getObject("ticket_type_id", UUID.class),
						(k) -> new long[2]);
				int slot = OrderStatus.CONFIRMED.name().equals(rs.getString("status")) ? 0 : 1;
				soldAndHeld[slot] = rs.getLong("units");
			});
		return counts;
	}

	private static EventRow event(EventFacts event) {
		return new EventRow(event.id(), event.organizerId(), event.name(), event.venue(), event.startsAt(),
				event.status());
	}

}
