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

	/** The quantities of the RESERVED and CONFIRMED orders, summed. */
	public static final String HELD_OR_SOLD = "select coalesce(sum(quantity), 0) from orders "
			+ "where ticket_type_id = ? and status in ('RESERVED', 'CONFIRMED')";

	/** The ids of the orders. */
	public static final String ORDER_IDS = "select id from orders where ticket_type_id = ?";

	/** Returns of freed units to the gate that wait to be applied. */
	public static final String PENDING_RETURNS = "select count(*) from gate_returns where ticket_type_id = ?";

	/**
	 * Orders whose unit rows differ from what they should hold: their quantity while
	 * RESERVED or CONFIRMED, none otherwise. No rows when consistent; each row describes
	 * an offending order.
	 */
	public static final String ORDERS_WITH_WRONG_UNITS = """
			select o.id || ' ' || o.status || ' quantity ' || o.quantity || ' units ' || count(u.unit_no)
			from orders o left join inventory_units u on u.order_id = o.id
			where o.ticket_type_id = ?
			group by o.id, o.status, o.quantity
			having count(u.unit_no) <> case when o.status in ('RESERVED', 'CONFIRMED') then o.quantity else 0 end
			""";

	private InventoryInvariants() {
	}

}
