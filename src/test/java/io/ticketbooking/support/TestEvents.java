package io.ticketbooking.support;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.events.EventCreated;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events on sale for tests of the reservation engine: rows written the way the events
 * module writes them, and {@link EventCreated} published in the same transaction so the
 * inventory prepares its units and gate exactly as in production.
 */
public final class TestEvents {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher publisher;

	public TestEvents(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.publisher = publisher;
	}

	public record OnSale(UUID eventId, UUID ticketTypeId, int capacity, long price) {
	}

	/** On sale from an hour ago until tomorrow. */
	public OnSale onSale(UUID organizerId, int capacity, int perUserLimit) {
		Instant now = Instant.now();
		return create(organizerId, capacity, perUserLimit, now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofDays(1)));
	}

	public OnSale create(UUID organizerId, int capacity, int perUserLimit, Instant salesStart, Instant salesEnd) {
		UUID eventId = UUID.randomUUID();
		UUID ticketTypeId = UUID.randomUUID();
		long price = 150_000;
		Instant startsAt = salesEnd.plus(Duration.ofDays(1));
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc
				.sql("""
						insert into events (id, organizer_id, name, venue, starts_at, ends_at, timezone,
						                    sales_start_at, sales_end_at)
						values (:id, :organizer, :name, 'Test Arena', :startsAt, :endsAt, 'Asia/Jakarta', :salesStart, :salesEnd)
						""")
				.param("id", eventId)
				.param("organizer", organizerId)
				.param("name", "Test event " + eventId)
				.param("startsAt", Timestamp.from(startsAt))
				.param("endsAt", Timestamp.from(startsAt.plus(Duration.ofHours(4))))
				.param("salesStart", Timestamp.from(salesStart))
				.param("salesEnd", Timestamp.from(salesEnd))
				.update();
			this.jdbc.sql("""
					insert into ticket_types (id, event_id, position, name, price, currency, capacity, per_user_limit)
					values (:id, :event, 0, 'General admission', :price, 'IDR', :capacity, :limit)
					""")
				.param("id", ticketTypeId)
				.param("event", eventId)
				.param("price", price)
				.param("capacity", capacity)
				.param("limit", perUserLimit)
				.update();
			this.publisher.publishEvent(new EventCreated(eventId, organizerId, salesStart, salesEnd,
					List.of(new EventCreated.TicketType(ticketTypeId, "General admission", price, "IDR", capacity,
							perUserLimit))));
		});
		return new OnSale(eventId, ticketTypeId, capacity, price);
	}

}
