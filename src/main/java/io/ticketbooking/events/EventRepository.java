package io.ticketbooking.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EventRepository {

	private static final String COLUMNS = "id, organizer_id, name, description, venue, starts_at, ends_at, timezone, "
			+ "sales_start_at, sales_end_at, max_tickets_per_order, status, image_key, created_at, refundable_until, "
			+ "refund_restock";

	private static final String TYPE_COLUMNS = "id, event_id, name, price, currency, capacity, per_user_limit";

	private final JdbcClient jdbc;

	EventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Event event) {
		this.jdbc.sql("""
				insert into events (id, organizer_id, name, description, venue, starts_at, ends_at, timezone,
				                    sales_start_at, sales_end_at, max_tickets_per_order, status, created_at, updated_at)
				values (:id, :organizer, :name, :description, :venue, :startsAt, :endsAt, :timezone,
				        :salesStartAt, :salesEndAt, :maxPerOrder, :status, :createdAt, :createdAt)
				""")
			.params(editable(event))
			.param("organizer", event.organizerId())
			.param("status", event.status().name())
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
				       sales_end_at = :salesEndAt, max_tickets_per_order = :maxPerOrder, updated_at = now()
				where id = :id
				""").params(editable(event)).update();
	}

	/** Raises a ticket type's capacity; false when it is already at least that. */
	boolean raiseCapacity(UUID ticketTypeId, int capacity) {
		return this.jdbc.sql("update ticket_types set capacity = :capacity where id = :id and capacity < :capacity")
			.param("capacity", capacity)
			.param("id", ticketTypeId)
			.update() == 1;
	}

	/** PUBLISHED → CANCELLED; false when it was already cancelled. */
	boolean cancel(UUID id) {
		return this.jdbc
			.sql("update events set status = :cancelled, updated_at = now() where id = :id and status = :published")
			.param("cancelled", EventStatus.CANCELLED.name())
			.param("published", EventStatus.PUBLISHED.name())
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

	Optional<EventFacts> findFacts(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from events where id = :id")
			.param("id", id)
			.query(EventRepository::facts)
			.optional();
	}

	/** An organizer's events, cancelled ones included, latest start first. */
	List<EventFacts> ofOrganizer(UUID organizerId, int page, int size) {
		return this.jdbc
			.sql("select " + COLUMNS + " from events where organizer_id = :organizer "
					+ "order by starts_at desc, id limit :size offset :offset")
			.param("organizer", organizerId)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(EventRepository::facts)
			.list();
	}

	long countOfOrganizer(UUID organizerId) {
		return this.jdbc.sql("select count(*) from events where organizer_id = :organizer")
			.param("organizer", organizerId)
			.query(Long.class)
			.single();
	}

	Optional<TicketTypeFacts> findTicketType(UUID id) {
		return this.jdbc.sql("select " + TYPE_COLUMNS + " from ticket_types where id = :id")
			.param("id", id)
			.query(EventRepository::ticketType)
			.optional();
	}

	/** The events' ticket types, each event's in display order. */
	Map<UUID, List<TicketTypeFacts>> ticketTypeFacts(List<UUID> eventIds) {
		Map<UUID, List<TicketTypeFacts>> byEvent = new LinkedHashMap<>();
		if (eventIds.isEmpty()) {
			return byEvent;
		}
		this.jdbc
			.sql("select " + TYPE_COLUMNS
					+ " from ticket_types where event_id in (:events) order by event_id, position")
			.param("events", eventIds)
			.query(EventRepository::ticketType)
			.list()
			.forEach((type) -> byEvent.computeIfAbsent(type.eventId(), (k) -> new ArrayList<>()).add(type));
		return byEvent;
	}

	Map<UUID, UUID> allTicketTypeEvents() {
		Map<UUID, UUID> events = new LinkedHashMap<>();
		this.jdbc.sql("select id, event_id from ticket_types order by created_at")
			.query((rs, row) -> events.put(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class)))
			.list();
		return events;
	}

	private Map<UUID, List<Event.TicketType>> ticketTypes(List<UUID> eventIds) {
		Map<UUID, List<Event.TicketType>> byEvent = new LinkedHashMap<>();
		ticketTypeFacts(eventIds).forEach((event, types) -> byEvent.put(event, types.stream()
			.map((t) -> new Event.TicketType(t.id(), t.name(), t.price(), t.currency(), t.capacity(), t.perUserLimit()))
			.toList()));
		return byEvent;
	}

	private static String where(Search search) {
		StringBuilder where = new StringBuilder("where status = '" + EventStatus.PUBLISHED + "'");
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
				rs.getObject("max_tickets_per_order", Integer.class), EventStatus.valueOf(rs.getString("status")),
				rs.getString("image_key"), rs.getTimestamp("created_at").toInstant(), refundPolicy(rs), List.of());
	}

	private static EventFacts facts(ResultSet rs, int row) throws SQLException {
		return new EventFacts(rs.getObject("id", UUID.class), rs.getObject("organizer_id", UUID.class),
				rs.getString("name"), rs.getString("venue"), rs.getTimestamp("starts_at").toInstant(),
				ZoneId.of(rs.getString("timezone")), rs.getTimestamp("sales_start_at").toInstant(),
				rs.getTimestamp("sales_end_at").toInstant(), rs.getObject("max_tickets_per_order", Integer.class),
				EventStatus.valueOf(rs.getString("status")), rs.getString("image_key"), refundPolicy(rs));
	}

	private static RefundPolicy refundPolicy(ResultSet rs) throws SQLException {
		Timestamp until = rs.getTimestamp("refundable_until");
		return new RefundPolicy((until != null) ? until.toInstant() : null, rs.getBoolean("refund_restock"));
	}

	void saveRefundPolicy(UUID eventId, RefundPolicy policy) {
		this.jdbc.sql("""
				update events set refundable_until = :until, refund_restock = :restock, updated_at = now()
				where id = :id
				""")
			.param("until", (policy.refundableUntil() != null) ? Timestamp.from(policy.refundableUntil()) : null,
					Types.TIMESTAMP)
			.param("restock", policy.restock())
			.param("id", eventId)
			.update();
	}

	private static TicketTypeFacts ticketType(ResultSet rs, int row) throws SQLException {
		return new TicketTypeFacts(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				rs.getString("name"), rs.getLong("price"), rs.getString("currency").trim(), rs.getInt("capacity"),
				rs.getInt("per_user_limit"));
	}

	/** The event's id and the fields its owner may edit, as named parameters. */
	private static Map<String, Object> editable(Event event) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("id", event.id());
		params.put("name", event.name());
		params.put("description", event.description());
		params.put("venue", event.venue());
		params.put("startsAt", ts(event.startsAt()));
		params.put("endsAt", ts(event.endsAt()));
		params.put("timezone", event.timezone());
		params.put("salesStartAt", ts(event.salesStartAt()));
		params.put("salesEndAt", ts(event.salesEndAt()));
		params.put("maxPerOrder", event.maxTicketsPerOrder());
		return params;
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
