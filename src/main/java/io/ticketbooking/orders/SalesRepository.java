package io.ticketbooking.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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

	/** One row of an event's order export; lines in order, as ticket type and units. */
	record OrderRow(UUID id, UUID userId, OrderStatus status, List<OrderLookup.OrderFacts.Line> lines, int units,
			long total, String currency, Instant createdAt, Instant updatedAt) {
	}

	/**
	 * Up to {@code limit} of the event's orders after {@code after} in id order (keyset
	 * paging on {@code orders_event_id}), each with its lines.
	 */
	List<OrderRow> orders(UUID eventId, UUID after, int limit) {
		return this.jdbc.sql("""
				select o.id, o.user_id, o.status, o.quantity, o.total, o.currency, o.created_at, o.updated_at,
				       l.types, l.quantities
				from (select * from orders where event_id = :event and id > :after order by id limit :limit) o
				cross join lateral (
				    select array_agg(ticket_type_id order by line_no) as types,
				           array_agg(quantity order by line_no) as quantities
				    from order_lines where order_id = o.id) l
				order by o.id
				""").param("event", eventId).param("after", after).param("limit", limit).query((rs, row) -> {
			UUID[] types = (UUID[]) rs.getArray("types").getArray();
			Integer[] quantities = (Integer[]) rs.getArray("quantities").getArray();
			List<OrderLookup.OrderFacts.Line> lines = new ArrayList<>(types.length);
			for (int i = 0; i < types.length; i++) {
				lines.add(new OrderLookup.OrderFacts.Line(types[i], quantities[i]));
			}
			return new OrderRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
					OrderStatus.valueOf(rs.getString("status")), lines, rs.getInt("quantity"), rs.getLong("total"),
					rs.getString("currency").trim(), rs.getTimestamp("created_at").toInstant(),
					rs.getTimestamp("updated_at").toInstant());
		}).list();
	}

	/** Units and revenue of one ticket type on one day. */
	record DayRow(LocalDate date, UUID ticketTypeId, long units, long revenue) {
	}

	/**
	 * Units and revenue of the event's paid orders per day (in {@code zone}) and ticket
	 * type. A paid order's {@code updated_at} is the moment it was confirmed: nothing
	 * updates an order while it stays confirmed.
	 */
	List<DayRow> dailySales(UUID eventId, ZoneId zone) {
		return this.jdbc.sql("""
				select (o.updated_at at time zone :zone)::date as day, l.ticket_type_id,
				       sum(l.quantity) as units, sum(l.quantity * l.unit_price) as revenue
				from orders o join order_lines l on l.order_id = o.id
				where o.event_id = :event and o.status = :sold
				group by 1, 2 order by 1, 2
				""")
			.param("zone", zone.getId())
			.param("event", eventId)
			.param("sold", OrderStatus.CONFIRMED.name())
			.query((rs, row) -> new DayRow(rs.getObject("day", LocalDate.class),
					rs.getObject("ticket_type_id", UUID.class), rs.getLong("units"), rs.getLong("revenue")))
			.list();
	}

	private static EventRow event(EventFacts event) {
		return new EventRow(event.id(), event.organizerId(), event.name(), event.venue(), event.startsAt(),
				event.status());
	}

}
