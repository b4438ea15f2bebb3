package io.ticketbooking.support;

/**
 * Checks of the structural guard that tests run in Postgres, written once.
 */
public final class InventoryInvariants {

	/**
	 * Orders of one ticket type ({@code ?}) whose unit rows differ from what they should
	 * hold: their quantity while RESERVED or CONFIRMED, none otherwise. No rows when
	 * consistent; each row describes an offending order.
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
