package io.ticketbooking.support;

/**
 * Checks of the structural guard that tests run in Postgres, written once: the SQL of
 * each, about one ticket type, its single parameter ({@code ?}).
 */
public final class InventoryInvariants {

	/** Units held or sold: those an order has claimed. */
	public static final String TAKEN_UNITS = "select count(*) from inventory_units where ticket_type_id = ? and order_id is not null";

	/** Units no order has claimed. */
	public static final String FREE_UNITS = "select count(*) from inventory_units where ticket_type_id = ? and order_id is null";

	/**
	 * The units of the ticket type in RESERVED and CONFIRMED orders, summed over their
	 * lines.
	 */
	public static final String HELD_OR_SOLD = "select coalesce(sum(l.quantity), 0) from order_lines l "
			+ "join orders o on o.id = l.order_id "
			+ "where l.ticket_type_id = ? and o.status in ('RESERVED', 'CONFIRMED')";

	/** The ids of the orders with a line of the ticket type. */
	public static final String ORDER_IDS = "select order_id from order_lines where ticket_type_id = ?";

	/** Returns of freed units to the gate that wait to be applied. */
	public static final String PENDING_RETURNS = "select count(*) from gate_returns where ticket_type_id = ?";

	/**
	 * Orders whose unit rows of the ticket type differ from what their line of it should
	 * hold: its quantity while RESERVED or CONFIRMED, none otherwise. No rows when
	 * consistent; each row describes an offending order.
	 */
	public static final String ORDERS_WITH_WRONG_UNITS = """
			select o.id || ' ' || o.status || ' quantity ' || l.quantity || ' units ' || count(u.unit_no)
			from order_lines l join orders o on o.id = l.order_id
			left join inventory_units u on u.order_id = o.id and u.ticket_type_id = l.ticket_type_id
			where l.ticket_type_id = ?
			group by o.id, o.status, l.quantity
			having count(u.unit_no) <> case when o.status in ('RESERVED', 'CONFIRMED') then l.quantity else 0 end
			""";

	private InventoryInvariants() {
	}

}
