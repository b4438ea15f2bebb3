package io.ticketbooking.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The structural guard: one row per sellable unit; a unit is held or sold exactly when
 * its {@code order_id} is set. Claims skip rows other transactions have locked, so
 * concurrent buyers never wait on each other and can never take the same unit.
 */
@Repository
class InventoryUnits {

	private final JdbcClient jdbc;

	InventoryUnits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void create(UUID ticketTypeId, int capacity) {
		this.jdbc
			.sql("insert into inventory_units (ticket_type_id, unit_no) "
					+ "select :ticketType, n from generate_series(1, :capacity) n")
			.param("ticketType", ticketTypeId)
			.param("capacity", capacity)
			.update();
	}

	/**
	 * Claims up to {@code quantity} free units for the order; answers how many it got.
	 * <p>
	 * The locking select is a CTE on purpose: PostgreSQL evaluates a data-modifying
	 * statement's CTE exactly once. Written as
	 * {@code unit_no in (select … for update skip
	 * locked)}, the planner may choose a non-hashed subplan that is re-run for each outer
	 * row; every re-run skips the rows this statement has just updated and locks fresh
	 * ones, so one order could take every free unit.
	 */
	int claim(UUID ticketTypeId, UUID orderId, int quantity) {
		return this.jdbc.sql("""
				with picked as (
				    select unit_no from inventory_units
				    where ticket_type_id = :ticketType and order_id is null
				    order by unit_no limit :quantity
				    for update skip locked)
				update inventory_units u set order_id = :order
				from picked
				where u.ticket_type_id = :ticketType and u.unit_no = picked.unit_no
				""").param("order", orderId).param("ticketType", ticketTypeId).param("quantity", quantity).update();
	}

	int free(UUID orderId) {
		return this.jdbc.sql("update inventory_units set order_id = null where order_id = :order")
			.param("order", orderId)
			.update();
	}

	/** The gate state of one ticket type as Postgres knows it, for a rebuild. */
	Optional<GateState> gateState(UUID ticketTypeId) {
		return this.jdbc.sql("""
				select tt.id, tt.event_id, tt.per_user_limit, e.sales_start_at, e.sales_end_at, e.status,
				       (select count(*) from inventory_units u
				        where u.ticket_type_id = tt.id and u.order_id is null) as free
				from ticket_types tt join events e on e.id = tt.event_id
				where tt.id = :ticketType
				""").param("ticketType", ticketTypeId).query(InventoryUnits::gateState).optional();
	}

	List<UUID> allTicketTypes() {
		return this.jdbc.sql("select id from ticket_types order by created_at").query(UUID.class).list();
	}

	/** Units each user holds or bought of a ticket type (their per-user limit usage). */
	Map<String, Long> unitsPerUser(UUID ticketTypeId) {
		return this.jdbc.sql("""
				select user_id::text as user_id, sum(quantity) as units from orders
				where ticket_type_id = :ticketType and status in ('RESERVED', 'CONFIRMED')
				group by user_id
				""")
			.param("ticketType", ticketTypeId)
			.query((rs, n) -> Map.entry(rs.getString("user_id"), rs.getLong("units")))
			.list()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static GateState gateState(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new GateState(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				rs.getInt("per_user_limit"), rs.getTimestamp("sales_start_at").toInstant(),
				rs.getTimestamp("sales_end_at").toInstant(), "PUBLISHED".equals(rs.getString("status")),
				rs.getInt("free"));
	}

	record GateState(UUID ticketTypeId, UUID eventId, int perUserLimit, Instant salesStartAt, Instant salesEndAt,
			boolean open, int free) {
	}

}
