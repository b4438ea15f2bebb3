package io.ticketbooking.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.ticketbooking.events.EventCatalog.TicketTypeFacts;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrderRepository {

	/** An order's columns and its lines, in the order the buyer named them. */
	private static final String COLUMNS = "id, user_id, status, event_id, ticket_type_id, quantity, total, currency, "
			+ "expires_at, created_at, idempotency_key, waiting_list_entry_id, "
			+ "array(select l.ticket_type_id from order_lines l where l.order_id = orders.id order by l.line_no) as line_types, "
			+ "array(select l.quantity from order_lines l where l.order_id = orders.id order by l.line_no) as line_quantities, "
			+ "array(select l.unit_price from order_lines l where l.order_id = orders.id order by l.line_no) as line_prices";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Units of one ticket type in a new hold. */
	record NewLine(TicketTypeFacts ticketType, int quantity) {
	}

	/**
	 * A hold to record: the order's id (its admission's), buyer, event, lines (each a
	 * ticket type of the event, once), times, and the waiting-list entry it is offered to
	 * ({@code null} for a reservation).
	 */
	record NewHold(UUID id, UUID userId, UUID eventId, List<NewLine> lines, String idempotencyKey, Instant now,
			Instant expiresAt, UUID waitingListEntryId) {

		NewHold(UUID id, UUID userId, UUID eventId, List<NewLine> lines, String idempotencyKey, Instant now,
				Instant expiresAt) {
			this(id, userId, eventId, lines, idempotencyKey, now, expiresAt, null);
		}

	}

	/**
	 * Inserts a RESERVED order and its lines, priced from their ticket types (which share
	 * one currency), in one statement.
	 */
	Order insertReserved(NewHold hold) {
		List<Order.Line> lines = new ArrayList<>(hold.lines().size());
		long total = 0;
		int units = 0;
		for (NewLine line : hold.lines()) {
			lines.add(new Order.Line(line.ticketType().id(), line.quantity(), line.ticketType().price()));
			total = Math.addExact(total, Math.multiplyExact(line.ticketType().price(), line.quantity()));
			units += line.quantity();
		}
		String currency = hold.lines().get(0).ticketType().currency();
		record Stored(Instant expiresAt, Instant createdAt) {
		}
		Stored stored = this.jdbc.sql("""
				with placed as (
				    insert into orders (id, user_id, event_id, ticket_type_id, quantity, total, currency, status,
				                        idempotency_key, expires_at, created_at, updated_at, waiting_list_entry_id)
				    values (:id, :user, :event, :ticketType, :quantity, :total, :currency, 'RESERVED',
				            :key, :expiresAt, :now, :now, :entry)
				    returning id, expires_at, created_at),
				lined as (
				    insert into order_lines (order_id, line_no, ticket_type_id, quantity, unit_price)
				    select placed.id, l.line_no, l.ticket_type_id, l.quantity, l.unit_price
				    from placed, unnest(:lineTypes::uuid[], :lineQuantities::int[], :linePrices::bigint[])
				        with ordinality as l(ticket_type_id, quantity, unit_price, line_no))
				select expires_at, created_at from placed
				""")
			.param("id", hold.id())
			.param("user", hold.userId())
			.param("event", hold.eventId())
			.param("ticketType", lines.get(0).ticketTypeId())
			.param("quantity", units)
			.param("total", total)
			.param("currency", currency)
			.param("key", hold.idempotencyKey())
			// typed: a null of unknown type would make the driver describe the statement
			.param("entry", new SqlParameterValue(Types.OTHER, hold.waitingListEntryId()))
			.param("expiresAt", Timestamp.from(hold.expiresAt()))
			.param("now", Timestamp.from(hold.now()))
			// arrays the driver binds as such (a collection would be expanded into a
			// list)
			.param("lineTypes", lines.stream().map((l) -> l.ticketTypeId().toString()).toArray(String[]::new))
			.param("lineQuantities", lines.stream().mapToInt(Order.Line::quantity).toArray())
			.param("linePrices", lines.stream().mapToLong(Order.Line::unitPrice).toArray())
			.query((rs, n) -> new Stored(rs.getTimestamp("expires_at").toInstant(),
					rs.getTimestamp("created_at").toInstant()))
			.single();
		return new Order(hold.id(), hold.userId(), OrderStatus.RESERVED, hold.eventId(), lines.get(0).ticketTypeId(),
				units, total, currency, stored.expiresAt(), stored.createdAt(), hold.idempotencyKey(),
				List.copyOf(lines), hold.waitingListEntryId());
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

	/** The orders offered to waiting-list entries, per entry, the latest first. */
	Map<UUID, List<Order>> offersOf(Collection<UUID> entryIds) {
		if (entryIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc
			.sql("select " + COLUMNS + " from orders where waiting_list_entry_id in (:entries) "
					+ "order by created_at desc, id")
			.param("entries", entryIds)
			.query(OrderRepository::order)
			.list()
			.stream()
			.collect(Collectors.groupingBy(Order::waitingListEntryId, LinkedHashMap::new, Collectors.toList()));
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
				rs.getTimestamp("created_at").toInstant(), rs.getString("idempotency_key"), lines(rs),
				rs.getObject("waiting_list_entry_id", UUID.class));
	}

	private static List<Order.Line> lines(ResultSet rs) throws SQLException {
		UUID[] types = (UUID[]) rs.getArray("line_types").getArray();
		Integer[] quantities = (Integer[]) rs.getArray("line_quantities").getArray();
		Long[] prices = (Long[]) rs.getArray("line_prices").getArray();
		List<Order.Line> lines = new ArrayList<>(types.length);
		for (int i = 0; i < types.length; i++) {
			lines.add(new Order.Line(types[i], quantities[i], prices[i]));
		}
		return List.copyOf(lines);
	}

}
