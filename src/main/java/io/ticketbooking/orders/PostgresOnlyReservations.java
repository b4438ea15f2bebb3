package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.ticketbooking.shared.NotFound;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * BENCHMARK BASELINE ONLY ({@code orders.strategy=postgres-only}): the original Go
 * service's design, every request a transaction with a conditional {@code UPDATE} of one
 * hot counter row, no Redis gate and no unit rows. It exists so the benchmark can
 * compare; it keeps no per-unit guard, and its per-user limit check is not atomic.
 */
@Component
@ConditionalOnProperty(name = "orders.strategy", havingValue = "postgres-only")
class PostgresOnlyReservations {

	private final JdbcClient jdbc;

	private final OrderRepository orders;

	private final TransactionTemplate transactions;

	private final OrdersProperties properties;

	private final Clock clock;

	PostgresOnlyReservations(JdbcClient jdbc, OrderRepository orders, TransactionTemplate transactions,
			OrdersProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.orders = orders;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	Order reserve(ReservationService.Reservation request) {
		Instant now = this.clock.instant();
		return this.transactions.execute((tx) -> {
			var type = this.jdbc.sql("""
					select tt.per_user_limit, e.sales_start_at, e.sales_end_at, e.status
					from ticket_types tt join events e on e.id = tt.event_id
					where tt.id = :tt and tt.event_id = :event
					""")
				.param("tt", request.ticketTypeId())
				.param("event", request.eventId())
				.query((rs,
						n) -> new Object[] { rs.getInt(1), rs.getTimestamp(2).toInstant(),
								rs.getTimestamp(3).toInstant(), rs.getString(4) })
				.optional()
				.orElseThrow(() -> new NotFound("Ticket type"));
			if (now.isBefore((Instant) type[1])) {
				throw new OrderProblems.SaleNotOpen();
			}
			if (!now.isBefore((Instant) type[2]) || !"PUBLISHED".equals(type[3])) {
				throw new OrderProblems.SaleClosed();
			}
			int held = this.jdbc.sql("""
					select coalesce(sum(quantity), 0) from orders
					where user_id = :user and ticket_type_id = :tt and status in ('RESERVED', 'CONFIRMED')
					""")
				.param("user", request.userId())
				.param("tt", request.ticketTypeId())
				.query(Integer.class)
				.single();
			if (held + request.quantity() > (int) type[0]) {
				throw new OrderProblems.LimitExceeded();
			}
			int taken = this.jdbc.sql("""
					update ticket_types set baseline_available = coalesce(baseline_available, capacity) - :quantity
					where id = :tt and coalesce(baseline_available, capacity) >= :quantity
					""").param("quantity", request.quantity()).param("tt", request.ticketTypeId()).update();
			if (taken == 0) {
				throw new OrderProblems.SoldOut();
			}
			return this.orders
				.insertReserved(UUID.randomUUID(), request.userId(), request.eventId(), request.ticketTypeId(),
						request.quantity(), null, now, now.plus(this.properties.holdTtl()))
				.orElseThrow();
		});
	}

}
