package io.ticketbooking.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an organizer sees of their own events: units sold and held per ticket type,
 * counted from the claimed inventory units (bounded by capacity, served by the unit
 * primary key) rather than by scanning orders.
 */
@Repository
class SalesRepository {

	private static final String EVENT_COLUMNS = "e.id, e.organizer_id, e.name, e.venue, e.starts_at, e.status";

	private final JdbcClient jdbc;

	SalesRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record EventRow(UUID id, UUID organizerId, String name, String venue, Instant startsAt, String status) {
	}

	record TypeRow(UUID id, String name, int capacity, long sold, long held) {
	}

	/** The organizer's events, cancelled ones included, latest start first. */
	List<EventRow> ofOrganizer(UUID organizerId, int page, int size) {
		return this.jdbc
			.sql("select " + EVENT_COLUMNS + " from events e where e.organizer_id = :organizer "
					+ "order by e.starts_at desc, e.id limit :size offset :offset")
			.param("organizer", organizerId)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(SalesRepository::event)
			.list();
	}

	long countOfOrganizer(UUID organizerId) {
		return this.jdbc.sql("select count(*) from events where organizer_id = :organizer")
			.param("organizer", organizerId)
			.query(Long.class)
			.single();
	}

	Optional<EventRow> find(UUID eventId) {
		return this.jdbc.sql("select " + EVENT_COLUMNS + " from events e where e.id = :id")
			.param("id", eventId)
			.query(SalesRepository::event)
			.optional();
	}

	/** Ticket types of the events in display order, with units sold and held. */
	Map<UUID, List<TypeRow>> ticketTypes(List<UUID> eventIds) {
		Map<UUID, List<TypeRow>> byEvent = new LinkedHashMap<>();
		if (eventIds.isEmpty()) {
			return byEvent;
		}
		this.jdbc.sql("""
				select t.event_id, t.id, t.name, t.capacity,
				       count(o.id) filter (where o.status = 'CONFIRMED') as sold,
				       count(o.id) filter (where o.status = 'RESERVED') as held
				from ticket_types t
				left join inventory_units u on u.ticket_type_id = t.id and u.order_id is not null
				left join orders o on o.id = u.order_id
				where t.event_id in (:events)
				group by t.event_id, t.id, t.name, t.capacity, t.position
				order by t.event_id, t.position
				""").param("events", eventIds).query((rs) -> {
			byEvent.computeIfAbsent(rs.getObject("event_id", UUID.class), (k) -> new ArrayList<>())
				.add(new TypeRow(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("capacity"),
						rs.getLong("sold"), rs.getLong("held")));
		});
		return byEvent;
	}

	private static EventRow event(ResultSet rs, int row) throws SQLException {
		return new EventRow(rs.getObject("id", UUID.class), rs.getObject("organizer_id", UUID.class),
				rs.getString("name"), rs.getString("venue"), rs.getTimestamp("starts_at").toInstant(),
				rs.getString("status"));
	}

}
