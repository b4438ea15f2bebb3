package io.ticketbooking.inventory;

import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.SqlParameterValue;
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
	 * Claims the admission's units, every line's, for the order, if the gates that
	 * admitted it are still the current ones and the reaper has not given the admission
	 * back; call under {@link GateLedger#lockShared} of every line's ticket type.
	 * <p>
	 * One statement: the epoch check, the admission's arbiter row (one per admission,
	 * whatever its lines; see {@code gate_admissions}) and the claim of each line. The
	 * locking select is a CTE on purpose: PostgreSQL evaluates a data-modifying
	 * statement's CTE exactly once (its lateral part once per line). Written as
	 * {@code unit_no in (select … for update skip locked)}, the planner may choose a
	 * non-hashed subplan that is re-run for each outer row; every re-run skips the rows
	 * this statement has just updated and locks fresh ones, so one order could take every
	 * free unit.
	 */
	ClaimResult claim(Admission admission, UUID orderId) {
		List<Admission.Line> lines = admission.lines();
		return this.jdbc.sql("""
				with lines as (
				    select * from unnest(:ticketTypes::uuid[], :epochs::bigint[], :quantities::int[])
				        as l(ticket_type_id, epoch, quantity)),
				gate as (
				    select 1 from lines l
				    join inventory_gates g on g.ticket_type_id = l.ticket_type_id and g.epoch = l.epoch),
				admitted as (
				    insert into gate_admissions (admission_id, ticket_type_id)
				    select :admission, :firstTicketType where (select count(*) from gate) = :lineCount
				    on conflict (admission_id) do nothing
				    returning 1),
				picked as (
				    select p.ticket_type_id, p.unit_no from lines l cross join lateral (
				        select u.ticket_type_id, u.unit_no from inventory_units u
				        where u.ticket_type_id = l.ticket_type_id and u.order_id is null
				          and exists (select 1 from admitted)
				        order by u.unit_no limit l.quantity
				        for update skip locked) p),
				claimed as (
				    update inventory_units u set order_id = :order, holder_id = :holder
				    from picked
				    where u.ticket_type_id = picked.ticket_type_id and u.unit_no = picked.unit_no
				    returning u.ticket_type_id),
				slot as (
				    select s.slot_no from presale_code_slots s
				    where s.event_id = :event and s.code_hash = :code::text and s.order_id is null
				      and exists (select 1 from admitted)
				    order by s.slot_no limit 1
				    for update skip locked),
				slotted as (
				    update presale_code_slots s set order_id = :order
				    from slot where s.event_id = :event and s.code_hash = :code::text and s.slot_no = slot.slot_no
				    returning 1)
				select (select count(*) from gate) as gate, (select count(*) from admitted) as admitted,
				       (select count(*) from lines l where l.quantity =
				           (select count(*) from claimed c where c.ticket_type_id = l.ticket_type_id)) as complete,
				       (select count(*) from slotted) as slotted,
				       exists (select 1 from presale_code_slots
				               where event_id = :event and code_hash = :code::text) as limited
				""")
			// arrays the driver binds as such (a collection would be expanded into a
			// list)
			.param("ticketTypes", lines.stream().map((l) -> l.ticketTypeId().toString()).toArray(String[]::new))
			.param("epochs", lines.stream().mapToLong(Admission.Line::epoch).toArray())
			.param("quantities", lines.stream().mapToInt(Admission.Line::quantity).toArray())
			.param("admission", admission.id())
			.param("firstTicketType", admission.ticketTypeId())
			.param("lineCount", lines.size())
			.param("order", orderId)
			.param("holder", admission.userId())
			.param("event", admission.eventId())
			// typed: a null of unknown type would make the driver describe the statement
			.param("code", new SqlParameterValue(Types.VARCHAR, admission.accessCodeHash()))
			.query((rs, n) -> {
				if (rs.getInt("gate") < lines.size()) {
					return ClaimResult.GATE_REBUILT;
				}
				if (rs.getInt("admitted") == 0) {
					return ClaimResult.EXPIRED;
				}
				if (rs.getInt("complete") != lines.size()) {
					return ClaimResult.SHORT;
				}
				// a code limited in uses takes one of its slots, or the claim fails
				return (rs.getBoolean("limited") && rs.getInt("slotted") == 0) ? ClaimResult.CODE_USED_UP
						: ClaimResult.CLAIMED;
			})
			.single();
	}

	/**
	 * Undoes a claim that got fewer units than admitted (or no use slot of its code), in
	 * the same transaction.
	 */
	void unclaim(Admission admission, UUID orderId) {
		this.jdbc.sql("delete from gate_admissions where admission_id = :admission")
			.param("admission", admission.id())
			.update();
		this.jdbc.sql("update inventory_units set order_id = null, holder_id = null where order_id = :order")
			.param("order", orderId)
			.update();
		this.jdbc.sql("update presale_code_slots set order_id = null where order_id = :order")
			.param("order", orderId)
			.update();
	}

	/** Frees the orders' units; answers what was freed, per order and ticket type. */
	List<Freed> free(Collection<UUID> orderIds) {
		if (orderIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				with held as (
				    select ticket_type_id, unit_no, order_id, holder_id from inventory_units
				    where order_id in (:orders) for update),
				freed as (
				    update inventory_units u set order_id = null, holder_id = null
				    from held where u.ticket_type_id = held.ticket_type_id and u.unit_no = held.unit_no
				    returning held.ticket_type_id as tt, held.order_id as previous_order, held.holder_id as holder)
				select tt, previous_order, holder, count(*) as units from freed group by tt, previous_order, holder
				""")
			.param("orders", orderIds)
			.query((rs, n) -> new Freed(rs.getObject("tt", UUID.class), rs.getObject("previous_order", UUID.class),
					Optional.ofNullable(rs.getObject("holder", UUID.class)).orElse(NO_HOLDER), rs.getInt("units")))
			.list();
	}

	/** Stands in for a holder the row does not name (rows changed by hand). */
	static final UUID NO_HOLDER = new UUID(0, 0);

	record Freed(UUID ticketTypeId, UUID orderId, UUID holderId, int units) {
	}

	/** Units of the ticket type no order holds. */
	int freeUnits(UUID ticketTypeId) {
		return this.jdbc
			.sql("select count(*) from inventory_units where ticket_type_id = :ticketType and order_id is null")
			.param("ticketType", ticketTypeId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Units each user holds or bought of a ticket type (their per-user limit usage), from
	 * the inventory's own rows.
	 */
	Map<String, Long> unitsPerUser(UUID ticketTypeId) {
		return this.jdbc.sql("""
				select holder_id::text as user_id, count(*) as units from inventory_units
				where ticket_type_id = :ticketType and order_id is not null and holder_id is not null
				group by holder_id
				""")
			.param("ticketType", ticketTypeId)
			.query((rs, n) -> Map.entry(rs.getString("user_id"), rs.getLong("units")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * @param queued whether the event has a waiting room: only admitted buyers may
	 * reserve
	 * @param orderLimit the event's limit of units per order (0: none)
	 */
	record GateState(UUID ticketTypeId, UUID eventId, int perUserLimit, Instant salesStartAt, Instant salesEndAt,
			boolean open, boolean queued, int orderLimit, int free) {
	}

}
