package io.ticketbooking.tickets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
		Timestamp checkedIn = rs.getTimestamp("checked_in_at");
		return new Ticket(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getObject("event_id", UUID.class), rs.getObject("ticket_type_id", UUID.class),
				rs.getObject("user_id", UUID.class), rs.getInt("unit_index"), rs.getString("code"),
				rs.getString("holder_name"), rs.getString("qr_payload"), rs.getString("pdf_key"),
				TicketStatus.valueOf(rs.getString("status")), (checkedIn != null) ? checkedIn.toInstant() : null);
	}

}
