package io.ticketbooking.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EventRepository {

	private static final String COLUMNS = "id, organizer_id, name, description, venue, starts_at, ends_at, timezone, "
			+ "sales_start_at, sales_end_at, status, image_key, created_at";

	private final JdbcClient jdbc;

	EventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Event event) {
		this.jdbc.sql("""
				insert into events (id, organizer_id, name, description, venue, starts_at, ends_at, timezone,
				                    sales_start_at, sales_end_at, status, created_at, updated_at)
				values (:id, :organizer, :name, :description, :venue, :startsAt, :endsAt, :timezone,
				        :salesStartAt, :salesEndAt, 'PUBLISHED', :createdAt, :createdAt)
				""")
			.param("id", event.id())
			.param("organizer", event.organizerId())
			.param("name", event.name())
			.param("description", event.description())
			.param("venue", event.venue())
			.param("startsAt", ts(event.startsAt()))
			.param("endsAt", ts(event.endsAt()))
			.param("timezone", event.timezone())
			.param("salesStartAt", ts(event.salesStartAt()))
			.param("salesEndAt", ts(event.salesEndAt()))
			.param("createdAt", ts(event.createdAt()))
			.update();
		int position = 0;
		for (Event.TicketType type : event.ticketTypes()) {
			this.jdbc.sql("""
					insert into ticket_types (id, event_id, position, name, price, currency, capacity, per_user_limit)
					values (:id, :event, :position, :name, :price, :currency, :capacity, :limit)
					""")
				.param("id", type.id())
				.param("event", event.id())
				.param("position", position++)
				.param("name", type.name())
				.param("price", type.price())
				.param("currency", type.currency())
				.param("capacity", type.capacity())
				.param("limit", type.perUserLimit())
				.update();
		}
	}

	Optional<Event> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from events where id = :id")
			.param("id", id)
			.query(EventRepository::event)
			.optional()
			.map((event) -> event.withTicketTypes(ticketTypes(List.of(id)).getOrDefault(id, List.of())));
	}

	/** Locks the event row for an update by its owner. */
	Optional<Event> findForUpdate(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from events where id = :id for update")
			.param("id", id)
			.query(EventRepository::event)
			.optional()
			.map((event) -> event.withTicketTypes(ticketTypes(List.of(id)).getOrDefault(id, List.of())));
	}

	record Search(String text, Instant from, Instant to, int page, int size) {
	}

	List<Event> search(Search search) {
		List<Event> events = this.jdbc
			.sql("select " + COLUMNS + " from events " + where(search)
					+ " order by starts_at, id limit :size offset :offset")
			.params(params(search))
			.param("size", search.size())
			.param("offset", (long) search.page() * search.size())
			.query(EventRepository::event)
			.list();
		Map<UUID, List<Event.TicketType>> types = ticketTypes(events.stream().map(Event::id).toList());
		return events.stream().map((e) -> e.withTicketTypes(types.getOrDefault(e.id(), List.of()))).toList();
	}

	long count(Search search) {
		return this.jdbc.sql("select count(*) from events " + where(search))
			.params(params(search))
			.query(Long.class)
			.single();
	}

	void update(Event event) {
		this.jdbc.sql("""
				update events set name = :name, description = :description, venue = :venue, starts_at = :startsAt,
				       ends_at = :endsAt, timezone = :timezone, sales_start_at = :salesStartAt,
				       sales_end_at = :salesEndAt, updated_at = now()
				where id = :id
				""")
			.param("id", event.id())
			.param("name", event.name())
			.param("description", event.description())
			.param("venue", event.venue())
			.param("startsAt", ts(event.startsAt()))
			.param("endsAt", ts(event.endsAt()))
			.param("timezone", event.timezone())
			.param("salesStartAt", ts(event.salesStartAt()))
			.param("salesEndAt", ts(event.salesEndAt()))
			.update();
	}

	/** PUBLISHED → CANCELLED; false when it was already cancelled. */
	boolean cancel(UUID id) {
		return this.jdbc
			.sql("update events set status = 'CANCELLED', updated_at = now() where id = :id and status = 'PUBLISHED'")
			.param("id", id)
			.update() == 1;
	}

	/** Sets the image key and answers the previous one. */
	Optional<String> replaceImage(UUID id, String key) {
		return this.jdbc.sql("""
				update events e set image_key = :key, updated_at = now()
				from (select image_key from events where id = :id for update) old
				where e.id = :id returning old.image_key
				""").param("id", id).param("key", key).query(String.class).optional();
	}

	private Map<UUID, List<Event.TicketType>> ticketTypes(List<UUID> eventIds) {
		Map<UUID, List<Event.TicketType>> byEvent = new LinkedHashMap<>();
		if (eventIds.isEmpty()) {
			return byEvent;
		}
		this.jdbc.sql("""
				select event_id, id, name, price, currency, capacity, per_user_limit from ticket_types
				where event_id in (:events) order by event_id, position
				""").param("events", eventIds).query((rs) -> {
			byEvent.computeIfAbsent(rs.getObject("event_id", UUID.class), (k) -> new ArrayList<>())
				.add(new Event.TicketType(rs.getObject("id", UUID.class), rs.getString("name"), rs.getLong("price"),
						rs.getString("currency").trim(), rs.getInt("capacity"), rs.getInt("per_user_limit")));
		});
		return byEvent;
	}

	private static String where(Search search) {
		StringBuilder where = new StringBuilder("where status = 'PUBLISHED'");
		if (search.text() != null) {
			where.append(" and (name ilike :text escape '\\' or venue ilike :text escape '\\')");
		}
		if (search.from() != null) {
			where.append(" and starts_at >= :from");
		}
		if (search.to() != null) {
			where.append(" and starts_at < :to");
		}
		return where.toString();
	}

	private static Map<String, Object> params(Search search) {
		Map<String, Object> params = new LinkedHashMap<>();
		if (search.text() != null) {
			params.put("text", "%" + search.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		if (search.from() != null) {
			params.put("from", ts(search.from()));
		}
		if (search.to() != null) {
			params.put("to", ts(search.to()));
		}
		return params;
	}

	private static Event event(ResultSet rs, int row) throws SQLException {
		return new Event(rs.getObject("id", UUID.class), rs.getObject("organizer_id", UUID.class), rs.getString("name"),
				rs.getString("description"), rs.getString("venue"), rs.getTimestamp("starts_at").toInstant(),
				rs.getTimestamp("ends_at").toInstant(), rs.getString("timezone"),
				rs.getTimestamp("sales_start_at").toInstant(), rs.getTimestamp("sales_end_at").toInstant(),
				rs.getString("status"), rs.getString("image_key"), rs.getTimestamp("created_at").toInstant(),
				List.of());
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
