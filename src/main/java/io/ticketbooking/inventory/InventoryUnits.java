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

	/**
	 * Units {@code from} to {@code to} of the ticket type (1 to its capacity at first).
	 */
	void create(UUID ticketTypeId, int from, int to) {
		this.jdbc
			.sql("insert into inventory_units (ticket_type_id, unit_no) "
					+ "select :ticketType, n from generate_series(:from, :to) n")
			.param("ticketType", ticketTypeId)
			.param("from", from)
			.param("to", to)
			.update();
	}

	/**
	 * Claims the admission's units, every line's, for the order, if the gates that
	 * admitted it are still the current ones and the reaper has not given the admission
	 * back; call under {@link GateLedger#lockShared} of every line's ticket type, and
	 * {@link #unclaim} unless this answers {@link ClaimResult#CLAIMED} or
	 * {@link ClaimResult#EXPIRED}.
	 * <p>
	 * One statement for the first line: the epoch check, the admission's arbiter row (one
	 * per admission, whatever its lines; see {@code gate_admissions}), the claim, and a
	 * use slot of its presale code when the code is limited; one more statement per
	 * further line: its epoch check and its claim. Each statement claims one ticket type
	 * with a constant {@code limit}: a single statement for every line (a lateral
	 * subquery limited by each line's quantity) left the planner guessing a tenth of the
	 * table per line, and it joined the update by hashing all the type's unit rows.
	 * <p>
	 * The locking select is a CTE on purpose: PostgreSQL evaluates a data-modifying
	 * statement's CTE exactly once. Written as
	 * {@code unit_no in (select … for update skip locked)}, the planner may choose a
	 * non-hashed subplan that is re-run for each outer row; every re-run skips the rows
	 * this statement has just updated and locks fresh ones, so one order could take every
	 * free unit.
	 */
	/** The line's gate, if it is still of the epoch that admitted the line. */
	private static final String GATE = """
			with gate as (
			    select 1 from inventory_gates where ticket_type_id = :ticketType and epoch = :epoch),
			""";

	/**
	 * The line's units, claimed for the order once the CTE {@code after} has a row (the
	 * admission's arbiter row, or for a further line its gate).
	 */
	private static String units(String after) {
		return """
				picked as (
				    select unit_no from inventory_units
				    where ticket_type_id = :ticketType and order_id is null and exists (select 1 from %s)
				    order by unit_no limit :quantity
				    for update skip locked),
				claimed as (
				    update inventory_units u set order_id = :order, holder_id = :holder
				    from picked
				    where u.ticket_type_id = :ticketType and u.unit_no = picked.unit_no
				    returning 1)
				""".formatted(after);
	}

	ClaimResult claim(Admission admission, UUID orderId) {
		Admission.Line first = admission.lines().get(0);
		FirstLine claimed = this.jdbc.sql(GATE + """
				admitted as (
				    insert into gate_admissions (admission_id, ticket_type_id)
				    select :admission, :ticketType from gate
				    on conflict (admission_id) do nothing
				    returning 1),
				""" + units("admitted") + """
				, slot as (
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
				       (select count(*) from claimed) as claimed, (select count(*) from slotted) as slotted,
				       exists (select 1 from presale_code_slots
				               where event_id = :event and code_hash = :code::text) as limited
				""")
			.param("ticketType", first.ticketTypeId())
			.param("epoch", first.epoch())
			.param("admission", admission.id())
			.param("quantity", first.quantity())
			.param("order", orderId)
			.param("holder", admission.userId())
			.param("event", admission.eventId())
			// typed: a null of unknown type would make the driver describe the statement
			.param("code", new SqlParameterValue(Types.VARCHAR, admission.accessCodeHash()))
			.query((rs, n) -> new FirstLine(rs.getInt("gate") == 1, rs.getInt("admitted") == 1, rs.getInt("claimed"),
					rs.getBoolean("limited") && rs.getInt("slotted") == 0))
			.single();
		if (!claimed.gate()) {
			return ClaimResult.GATE_REBUILT;
		}
		if (!claimed.admitted()) {
			return ClaimResult.EXPIRED;
		}
		boolean complete = claimed.units() == first.quantity();
		for (Admission.Line line : admission.lines().subList(1, admission.lines().size())) {
			int[] gateAndUnits = this.jdbc.sql(GATE + units("gate") + """
					select (select count(*) from gate) as gate, (select count(*) from claimed) as claimed
					""")
				.param("ticketType", line.ticketTypeId())
				.param("epoch", line.epoch())
				.param("quantity", line.quantity())
				.param("order", orderId)
				.param("holder", admission.userId())
				.query((rs, n) -> new int[] { rs.getInt("gate"), rs.getInt("claimed") })
				.single();
			if (gateAndUnits[0] == 0) {
				return ClaimResult.GATE_REBUILT;
			}
			complete &= gateAndUnits[1] == line.quantity();
		}
		if (!complete) {
			return ClaimResult.SHORT;
		}
		// a code limited in uses takes one of its slots, or the claim fails
		return claimed.noSlot() ? ClaimResult.CODE_USED_UP : ClaimResult.CLAIMED;
	}

	/**
	 * What the first line's statement did.
	 *
	 * @param noSlot the admission's code is limited in uses and had no slot left
	 */
	private record FirstLine(boolean gate, boolean admitted, int units, boolean noSlot) {
	}

	/**
	 * Undoes a claim that got fewer units than admitted, no use slot of its code, or met
	 * a rebuilt gate at a later line, in the same transaction.
	 */
	void unclaim(Admission admission, UUID orderId) {
		// its own arbiter row only: a reaper's (reaped) row stays, the decision it
		// records
		this.jdbc.sql("delete from gate_admissions where admission_id = :admission and not reaped")
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
				    returning held.ticket_type_id as tt, held.order_id as previous_order, held.holder_id as holder,
				        held.unit_no)
				select tt, previous_order, holder, count(*) as units, array_agg(unit_no order by unit_no) as unit_nos
				from freed group by tt, previous_order, holder
				""")
			.param("orders", orderIds)
			.query((rs, n) -> new Freed(rs.getObject("tt", UUID.class), rs.getObject("previous_order", UUID.class),
					Optional.ofNullable(rs.getObject("holder", UUID.class)).orElse(NO_HOLDER), rs.getInt("units"),
					List.of((Integer[]) rs.getArray("unit_nos").getArray())))
			.list();
	}

	/**
	 * Hands units this transaction has just freed to another order (an offer to a waiting
	 * buyer); its row locks keep anyone else from taking them in between.
	 */
	void handOver(UUID ticketTypeId, List<Integer> unitNos, UUID orderId, UUID holderId) {
		int handed = this.jdbc.sql("""
				update inventory_units set order_id = :order, holder_id = :holder
				where ticket_type_id = :ticketType and unit_no = any(:units) and order_id is null
				""")
			.param("order", orderId)
			.param("holder", holderId)
			.param("ticketType", ticketTypeId)
			.param("units", unitNos.stream().mapToInt(Integer::intValue).toArray())
			.update();
		if (handed != unitNos.size()) {
			throw new IllegalStateException("Handed " + handed + " of " + unitNos.size()
					+ " freed units of ticket type " + ticketTypeId + " to order " + orderId);
		}
	}

	/** Stands in for a holder the row does not name (rows changed by hand). */
	static final UUID NO_HOLDER = new UUID(0, 0);

	/**
	 * @param unitNos the units freed, ascending
	 */
	record Freed(UUID ticketTypeId, UUID orderId, UUID holderId, int units, List<Integer> unitNos) {
	}

	/** Units of the ticket type no order holds. */
	int freeUnits(UUID ticketTypeId) {
		return this.jdbc
			.sql("select count(*) from inventory_units where ticket_type_id = :ticketType and order_id is null")
			.param("ticketType", ticketTypeId)
			.query(Integer.class)
			.single();
	}

	/** Units of a ticket type one user holds or bought. */
	int heldBy(UUID ticketTypeId, UUID userId) {
		return this.jdbc
			.sql("select count(*) from inventory_units where ticket_type_id = :ticketType and holder_id = :holder "
					+ "and order_id is not null")
			.param("ticketType", ticketTypeId)
			.param("holder", userId)
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
