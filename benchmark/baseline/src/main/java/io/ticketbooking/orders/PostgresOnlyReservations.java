package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.events.EventStatus;
import io.ticketbooking.orders.OrderRepository.NewHold;
import io.ticketbooking.orders.OrderRepository.NewLine;
import io.ticketbooking.orders.ReservationService.Outcome;
import io.ticketbooking.orders.ReservationService.Reservation;
import io.ticketbooking.orders.ReservationService.Reserved;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The benchmark's baseline, not part of the service: built only into the benchmark's jar
 * ({@code ./mvnw -Pbenchmark-baseline package}) and chosen with
 * {@code BENCHMARK_BASELINE=postgres-only}. It is the original Go service's design: every
 * request a transaction with a conditional {@code UPDATE} of one hot counter row, no
 * Redis gate and no unit rows, so the benchmark can measure what those buy. It keeps no
 * per-unit guard, and its per-user limit check is not atomic.
 * <p>
 * Its counter is its own table, made when it starts; it reads the events and orders
 * tables directly, as the Go service did.
 */
@Component
@Primary
@ConditionalOnProperty(name = "benchmark.baseline", havingValue = "postgres-only")
class PostgresOnlyReservations implements Reservations {

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
		jdbc.sql("""
				create table if not exists benchmark_baseline_stock (
				    ticket_type_id uuid primary key,
				    available      int not null)
				""").update();
	}

	private record Type(TicketTypeFacts facts, Instant salesStartAt, Instant salesEndAt, boolean published) {
	}

	@Override
	public Outcome reserve(Reservation request) {
		if (request.lines().size() != 1) {
			throw InvalidFields.of("lines", "the Postgres-only baseline reserves one ticket type per order");
		}
		int quantity = request.lines().get(0).quantity();
		Instant now = this.clock.instant();
		return new Reserved(this.transactions.execute((tx) -> {
			Type type = this.jdbc.sql("""
					select tt.id, tt.event_id, tt.name, tt.price, tt.currency, tt.capacity, tt.per_user_limit,
					       e.sales_start_at, e.sales_end_at, e.status
					from ticket_types tt join events e on e.id = tt.event_id
					where tt.id = :tt and tt.event_id = :event
					""")
				.param("tt", request.ticketTypeId())
				.param("event", request.eventId())
				.query((rs, n) -> new Type(
						new TicketTypeFacts(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
								rs.getString("name"), rs.getLong("price"), rs.getString("currency").trim(),
								rs.getInt("capacity"), rs.getInt("per_user_limit")),
						rs.getTimestamp("sales_start_at").toInstant(), rs.getTimestamp("sales_end_at").toInstant(),
						EventStatus.PUBLISHED.name().equals(rs.getString("status"))))
				.optional()
				.orElseThrow(() -> new NotFound("Ticket type"));
			if (now.isBefore(type.salesStartAt())) {
				throw new OrderProblems.SaleNotOpen();
			}
			if (!now.isBefore(type.salesEndAt()) || !type.published()) {
				throw new OrderProblems.SaleClosed();
			}
			int held = this.jdbc.sql("""
					select coalesce(sum(quantity), 0) from orders
					where user_id = :user and ticket_type_id = :tt and status in (:reserved, :confirmed)
					""")
				.param("reserved", OrderStatus.RESERVED.name())
				.param("confirmed", OrderStatus.CONFIRMED.name())
				.param("user", request.userId())
				.param("tt", request.ticketTypeId())
				.query(Integer.class)
				.single();
			if (held + quantity > type.facts().perUserLimit()) {
				throw new OrderProblems.LimitExceeded();
			}
			if (takeFromCounter(type.facts(), quantity) == 0) {
				throw new OrderProblems.SoldOut();
			}
			return this.orders.insertReserved(new NewHold(UUID.randomUUID(), request.userId(), type.facts().eventId(),
					List.of(new NewLine(type.facts(), quantity)), null, now, now.plus(this.properties.holdTtl())));
		}));
	}

	/**
	 * The hot row: one conditional update of the ticket type's counter (made with its
	 * capacity by the first sale).
	 */
	private int takeFromCounter(TicketTypeFacts type, int quantity) {
		return this.jdbc.sql("""
				insert into benchmark_baseline_stock as s (ticket_type_id, available)
				select :tt, :capacity - :quantity where :capacity >= :quantity
				on conflict (ticket_type_id) do update set available = s.available - :quantity
				where s.available >= :quantity
				""").param("tt", type.id()).param("capacity", type.capacity()).param("quantity", quantity).update();
	}

}
