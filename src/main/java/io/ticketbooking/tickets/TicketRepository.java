package io.ticketbooking.tickets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tickets module's own table; facts of orders, holders and events come from their
 * modules' APIs.
 */
@Repository
class TicketRepository {

	private static final String COLUMNS = "id, order_id, event_id, ticket_type_id, user_id, unit_index, code, "
			+ "holder_name, qr_payload, pdf_key, status, checked_in_at";

	private final JdbcClient jdbc;

	TicketRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One line of an event's attendee list. */
	record Attendee(UUID id, String code, UUID ticketTypeId, String holderName, UUID userId, UUID orderId,
			TicketStatus status, Instant checkedInAt, Instant issuedAt) {
	}

	/**
	 * Up to {@code limit} of the event's tickets after {@code after} in id order (keyset
	 * paging on {@code tickets_event}): each page is a short query of its own, so an
	 * export of any size holds one page in memory and no connection between pages.
	 */
	List<Attendee> attendees(UUID eventId, UUID after, int limit) {
		return this.jdbc.sql("""
				select id, code, ticket_type_id, holder_name, user_id, order_id, status, checked_in_at, created_at
				from tickets where event_id = :event and id > :after
				order by id limit :limit
				""")
			.param("event", eventId)
			.param("after", after)
			.param("limit", limit)
			.query((rs, row) -> new Attendee(rs.getObject("id", UUID.class), rs.getString("code"),
					rs.getObject("ticket_type_id", UUID.class), rs.getString("holder_name"),
					rs.getObject("user_id", UUID.class), rs.getObject("order_id", UUID.class),
					TicketStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("checked_in_at")),
					instant(rs.getTimestamp("created_at"))))
			.list();
	}

	/**
	 * Inserts, in one statement, the tickets of one order whose units have none yet; a
	 * unit that has one keeps it. A code already taken fails the whole statement, and
	 * nothing of it is inserted.
	 */
	void insertIfAbsent(List<Ticket> tickets) {
		Ticket first = tickets.getFirst();
		this.jdbc
			.sql("""
					insert into tickets (id, order_id, event_id, ticket_type_id, user_id, unit_index, code, holder_name, qr_payload)
					select t.id, :order, :event, t.type, :user, t.unit, t.code, :holder, t.payload
					from unnest(:ids::uuid[], :types::uuid[], :units::int[], :codes::text[], :payloads::text[])
					     as t(id, type, unit, code, payload)
					on conflict (order_id, unit_index) do nothing
					""")
			.param("order", first.orderId())
			.param("event", first.eventId())
			.param("user", first.userId())
			.param("holder", first.holderName())
			// arrays the driver binds as such (a collection would be expanded into a
			// list)
			.param("ids", tickets.stream().map((t) -> t.id().toString()).toArray(String[]::new))
			.param("types", tickets.stream().map((t) -> t.ticketTypeId().toString()).toArray(String[]::new))
			.param("units", tickets.stream().map(Ticket::unitIndex).toArray(Integer[]::new))
			.param("codes", tickets.stream().map(Ticket::code).toArray(String[]::new))
			.param("payloads", tickets.stream().map(Ticket::qrPayload).toArray(String[]::new))
			.update();
	}

	List<Ticket> ofOrder(UUID orderId) {
		return this.jdbc.sql("select " + COLUMNS + " from tickets where order_id = :order order by unit_index")
			.param("order", orderId)
			.query(TicketRepository::ticket)
			.list();
	}

	Optional<Ticket> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from tickets where id = :id")
			.param("id", id)
			.query(TicketRepository::ticket)
			.optional();
	}

	/** Records where each ticket's PDF is stored, in one statement. */
	/** Voids the order's tickets; answers how many were not void before. */
	int voidOrder(UUID orderId) {
		return this.jdbc.sql("update tickets set status = :void where order_id = :order and status <> :void")
			.param("void", TicketStatus.VOID.name())
			.param("order", orderId)
			.update();
	}

	void setPdfs(Map<UUID, String> keys) {
		this.jdbc.sql("""
				update tickets t set pdf_key = p.key
				from unnest(:ids::uuid[], :keys::text[]) as p(id, key) where t.id = p.id
				""")
			.param("ids", keys.keySet().stream().map(UUID::toString).toArray(String[]::new))
			.param("keys", keys.values().toArray(String[]::new))
			.update();
	}

	/** ISSUED → CHECKED_IN; empty when someone else was first. */
	Optional<Instant> checkIn(UUID ticketId, UUID by, Instant now) {
		return this.jdbc.sql("""
				update tickets set status = :checkedIn, checked_in_at = :now, checked_in_by = :by
				where id = :id and status = :issued returning checked_in_at
				""")
			.param("checkedIn", TicketStatus.CHECKED_IN.name())
			.param("issued", TicketStatus.ISSUED.name())
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("id", ticketId)
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	private static Ticket ticket(ResultSet rs, int row) throws SQLException {
		return new Ticket(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getObject("event_id", UUID.class), rs.getObject("ticket_type_id", UUID.class),
				rs.getObject("user_id", UUID.class), rs.getInt("unit_index"), rs.getString("code"),
				rs.getString("holder_name"), rs.getString("qr_payload"), rs.getString("pdf_key"),
				TicketStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("checked_in_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
