package io.ticketbooking.tickets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tickets, plus the read model issuance and check-in need from other modules' tables
 * (order, holder, event): read-only queries, so tickets stays a listener that depends on
 * nobody's internals.
 */
@Repository
class TicketRepository {

	private static final String COLUMNS = "id, order_id, event_id, ticket_type_id, user_id, unit_index, code, "
			+ "holder_name, qr_payload, pdf_key, status, checked_in_at";

	private final JdbcClient jdbc;

	TicketRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What a ticket PDF shows, read once per order. */
	record OrderFacts(UUID orderId, UUID userId, String orderStatus, int quantity, UUID eventId, UUID ticketTypeId,
			String holderName, String eventName, String venue, Instant startsAt, ZoneId zone, String ticketTypeName,
			String eventImageKey) {
	}

	Optional<OrderFacts> orderFacts(UUID orderId) {
		return this.jdbc.sql("""
				select o.id, o.user_id, o.status, o.quantity, o.event_id, o.ticket_type_id, u.full_name,
				       e.name as event_name, e.venue, e.starts_at, e.timezone, tt.name as type_name, e.image_key
				from orders o join users u on u.id = o.user_id join events e on e.id = o.event_id
				     join ticket_types tt on tt.id = o.ticket_type_id
				where o.id = :id
				""")
			.param("id", orderId)
			.query((rs, n) -> new OrderFacts(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
					rs.getString("status"), rs.getInt("quantity"), rs.getObject("event_id", UUID.class),
					rs.getObject("ticket_type_id", UUID.class), rs.getString("full_name"), rs.getString("event_name"),
					rs.getString("venue"), rs.getTimestamp("starts_at").toInstant(),
					ZoneId.of(rs.getString("timezone")), rs.getString("type_name"), rs.getString("image_key")))
			.optional();
	}

	/** Inserts the ticket unless this unit of the order has one already. */
	boolean insertIfAbsent(Ticket ticket) {
		return this.jdbc
			.sql("""
					insert into tickets (id, order_id, event_id, ticket_type_id, user_id, unit_index, code, holder_name, qr_payload)
					values (:id, :order, :event, :type, :user, :unit, :code, :holder, :payload)
					on conflict (order_id, unit_index) do nothing
					""")
			.param("id", ticket.id())
			.param("order", ticket.orderId())
			.param("event", ticket.eventId())
			.param("type", ticket.ticketTypeId())
			.param("user", ticket.userId())
			.param("unit", ticket.unitIndex())
			.param("code", ticket.code())
			.param("holder", ticket.holderName())
			.param("payload", ticket.qrPayload())
			.update() == 1;
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

	void setPdf(UUID ticketId, String key) {
		this.jdbc.sql("update tickets set pdf_key = :key where id = :id")
			.param("key", key)
			.param("id", ticketId)
			.update();
	}

	Optional<UUID> orderOwner(UUID orderId) {
		return this.jdbc.sql("select user_id from orders where id = :id")
			.param("id", orderId)
			.query(UUID.class)
			.optional();
	}

	/** The gate's view of a ticket: its event's organizer and its order's status. */
	record GateFacts(Ticket ticket, UUID organizerId, String orderStatus) {
	}

	Optional<GateFacts> gateFacts(UUID ticketId) {
		return this.jdbc.sql("select t." + COLUMNS.replace(", ", ", t.") + ", e.organizer_id, o.status as order_status "
				+ "from tickets t join events e on e.id = t.event_id join orders o on o.id = t.order_id where t.id = :id")
			.param("id", ticketId)
			.query((rs, n) -> new GateFacts(ticket(rs, n), rs.getObject("organizer_id", UUID.class),
					rs.getString("order_status")))
			.optional();
	}

	/** ISSUED → CHECKED_IN; empty when someone else was first. */
	Optional<Instant> checkIn(UUID ticketId, UUID by, Instant now) {
		return this.jdbc.sql("""
				update tickets set status = 'CHECKED_IN', checked_in_at = :now, checked_in_by = :by
				where id = :id and status = 'ISSUED' returning checked_in_at
				""")
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("id", ticketId)
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	boolean eventExists(UUID eventId) {
		return this.jdbc.sql("select count(*) from events where id = :id")
			.param("id", eventId)
			.query(Integer.class)
			.single() > 0;
	}

	private static Ticket ticket(ResultSet rs, int row) throws SQLException {
		Timestamp checkedIn = rs.getTimestamp("checked_in_at");
		return new Ticket(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getObject("event_id", UUID.class), rs.getObject("ticket_type_id", UUID.class),
				rs.getObject("user_id", UUID.class), rs.getInt("unit_index"), rs.getString("code"),
				rs.getString("holder_name"), rs.getString("qr_payload"), rs.getString("pdf_key"),
				rs.getString("status"), (checkedIn != null) ? checkedIn.toInstant() : null);
	}

}
