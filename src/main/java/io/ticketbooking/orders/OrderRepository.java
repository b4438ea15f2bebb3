package io.ticketbooking.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog.TicketTypeFacts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

	private static final String COLUMNS = "id, user_id, status, event_id, ticket_type_id, quantity, total, currency, "
			+ "expires_at, created_at, idempotency_key";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A hold to record: the order's id (its admission's), buyer, ticket type and times.
	 */
	record NewHold(UUID id, UUID userId, TicketTypeFacts ticketType, int quantity, String idempotencyKey, Instant now,
			Instant expiresAt) {
	}

	/** Inserts a RESERVED order priced from its ticket type. */
	Order insertReserved(NewHold hold) {
		TicketTypeFacts type = hold.ticketType();
		return this.jdbc.sql("""
				insert into orders (id, user_id, event_id, ticket_type_id, quantity, total, currency, status,
				                    idempotency_key, expires_at, created_at, updated_at)
				values (:id, :user, :event, :ticketType, :quantity, :total, :currency, 'RESERVED',
				        :key, :expiresAt, :now, :now)
				returning\s""" + COLUMNS)
			.param("id", hold.id())
			.param("user", hold.userId())
			.param("event", type.eventId())
			.param("ticketType", type.id())
			.param("quantity", hold.quantity())
			.param("total", Math.multiplyExact(type.price(), hold.quantity()))
			.param("currency", type.currency())
			.param("key", hold.idempotencyKey())
			.param("expiresAt", Timestamp.from(hold.expiresAt()))
			.param("now", Timestamp.from(hold.now()))
			.query(OrderRepository::order)
			.single();
	}

	Optional<Order> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from orders where id = :id")
			.param("id", id)
			.query(OrderRepository::order)
			.optional();
	}

	Optional<Order> findByIdempotencyKey(UUID userId, String key) {
		return this.jdbc.sql("select " + COLUMNS + " from orders where user_id = :user and idempotency_key = :key")
			.param("user", userId)
			.param("key", key)
			.query(OrderRepository::order)
			.optional();
	}

	List<Order> pageOfUser(UUID userId, int page, int size) {
		return this.jdbc
			.sql("select " + COLUMNS + " from orders where user_id = :user order by created_at desc, id desc "
					+ "limit :size offset :offset")
			.param("user", userId)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(OrderRepository::order)
			.list();
	}

	long countOfUser(UUID userId) {
		return this.jdbc.sql("select count(*) from orders where user_id = :user")
			.param("user", userId)
			.query(Long.class)
			.single();
	}

	/**
	 * Moves RESERVED holds whose time ran out to EXPIRED. Rows another sweeper has locked
	 * are skipped, and the status condition makes each transition happen once. The
	 * locking select is a CTE so that it runs once (see {@code InventoryUnits.claim}).
	 */
	List<Order> expireDue(Instant now, int limit) {
		return this.jdbc.sql("""
				with due as (
				    select id as due_id from orders where status = 'RESERVED' and expires_at <= :now
				    order by expires_at limit :limit for update skip locked)
				update orders set status = 'EXPIRED', updated_at = :now
				from due
				where orders.id = due.due_id and orders.status = 'RESERVED'
				returning\s""" + COLUMNS)
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query(OrderRepository::order)
			.list();
	}

	/**
	 * RESERVED → the given status for the owner's order; empty if it was not RESERVED.
	 */
	Optional<Order> endHold(UUID id, UUID userId, OrderStatus status, Instant now) {
		return this.jdbc.sql("""
				update orders set status = :status, updated_at = :now
				where id = :id and user_id = :user and status = 'RESERVED'
				returning\s""" + COLUMNS)
			.param("status", status.name())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.param("user", userId)
			.query(OrderRepository::order)
			.optional();
	}

	/** The order, locked until the end of the caller's transaction. */
	Optional<Order> findForUpdate(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from orders where id = :id for update")
			.param("id", id)
			.query(OrderRepository::order)
			.optional();
	}

	/** {@code from} → {@code to}; false when the order was no longer {@code from}. */
	boolean transition(UUID id, OrderStatus from, OrderStatus to, Instant now) {
		return this.jdbc.sql("""
				update orders set status = :to, updated_at = :now where id = :id and status = :from
				""")
			.param("to", to.name())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.param("from", from.name())
			.update() == 1;
	}

	/**
	 * Every order of the event in status {@code from} → {@code to}; answers those
	 * changed.
	 */
	List<Order> transitionAllOfEvent(UUID eventId, OrderStatus from, OrderStatus to, Instant now) {
		return this.jdbc.sql("""
				update orders set status = :to, updated_at = :now where event_id = :event and status = :from
				returning\s""" + COLUMNS)
			.param("to", to.name())
			.param("now", Timestamp.from(now))
			.param("event", eventId)
			.param("from", from.name())
			.query(OrderRepository::order)
			.list();
	}

	private static Order order(ResultSet rs, int row) throws SQLException {
		return new Order(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				OrderStatus.valueOf(rs.getString("status")), rs.getObject("event_id", UUID.class),
				rs.getObject("ticket_type_id", UUID.class), rs.getInt("quantity"), rs.getLong("total"),
				rs.getString("currency").trim(), rs.getTimestamp("expires_at").toInstant(),
				rs.getTimestamp("created_at").toInstant(), rs.getString("idempotency_key"));
	}

}
