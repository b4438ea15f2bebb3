package io.ticketbooking.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.ticketbooking.faults.Load.Won;
import io.ticketbooking.support.InventoryInvariants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants of a sale after the faults (docs/architecture.md, "Invariants and how
 * each is kept"), as observed in PostgreSQL and Redis and by the buyers; checked at once
 * so the report can show them all first.
 */
record Invariants(int capacity, long unitsTaken, long heldOrSold, long confirmedUnits, Integer redisStock,
		List<String> wrongUnits, List<UUID> lostOrders, List<String> paidNotConfirmed, List<String> withoutTickets,
		List<String> unexpected) {

	static Invariants of(Sale sale, Load load) {
		UUID tt = sale.ticketTypeId();
		long taken = Database.count(InventoryInvariants.TAKEN_UNITS, tt);
		long heldOrSold = Database.count(InventoryInvariants.HELD_OR_SOLD, tt);
		long confirmed = Database.count(
				"select coalesce(sum(quantity), 0) from orders where ticket_type_id = ? and status = 'CONFIRMED'", tt);
		List<String> wrongUnits = Database.query(InventoryInvariants.ORDERS_WITH_WRONG_UNITS, (rs) -> rs.getString(1),
				tt);
		Set<UUID> stored = Set
			.copyOf(Database.query(InventoryInvariants.ORDER_IDS, (rs) -> rs.getObject(1, UUID.class), tt));
		List<UUID> lost = load.won.stream().map(Won::orderId).filter((id) -> !stored.contains(id)).toList();
		List<String> paidNotConfirmed = new ArrayList<>();
		for (UUID id : load.paid) {
			String status = Database.query("select status from orders where id = ?", (rs) -> rs.getString(1), id)
				.getFirst();
			// money that came for an order that could not be kept is refunded
			if (!List.of("CONFIRMED", "REFUND_REQUIRED", "REFUND_PENDING", "REFUNDED").contains(status)) {
				paidNotConfirmed.add(id + " " + status);
			}
		}
		return new Invariants(sale.capacity(), taken, heldOrSold, confirmed, Deployment.redisStock(tt), wrongUnits,
				lost, paidNotConfirmed, ordersWithoutTheirTickets(sale), List.copyOf(load.unexpected));
	}

	static List<String> ordersWithoutTheirTickets(Sale sale) {
		return Database.query(
				"""
						select o.id || ' quantity ' || o.quantity || ' tickets ' || count(t.id) || ' printed ' || count(t.pdf_key)
						from orders o left join tickets t on t.order_id = o.id
						where o.ticket_type_id = ? and o.status = 'CONFIRMED'
						group by o.id, o.quantity having count(t.id) <> o.quantity or count(t.pdf_key) <> o.quantity
						""",
				(rs) -> rs.getString(1), sale.ticketTypeId());
	}

	void assertAll() {
		assertThat(this.unitsTaken).as("units held or sold never exceed the capacity")
			.isLessThanOrEqualTo(this.capacity);
		assertThat(this.heldOrSold).as("orders hold exactly the units taken").isEqualTo(this.unitsTaken);
		assertThat(this.wrongUnits).as("orders whose units differ from their quantity").isEmpty();
		assertThat(this.lostOrders).as("201 answers with no order behind them").isEmpty();
		assertThat(this.paidNotConfirmed).as("accepted payments not confirmed").isEmpty();
		assertThat(this.withoutTickets).as("confirmed orders without exactly their tickets").isEmpty();
		// exactly: more would let a unit be sold twice if Postgres did not refuse it,
		// fewer would leave tickets unsold
		assertThat(this.redisStock).as("the gate equals PostgreSQL's free units")
			.isEqualTo((int) (this.capacity - this.unitsTaken));
		assertThat(this.unexpected).as("answers other than 201, 409 and 503").isEmpty();
	}

}
