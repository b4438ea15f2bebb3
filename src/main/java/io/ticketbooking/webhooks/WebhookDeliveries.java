package io.ticketbooking.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Deliveries and their attempts ({@code webhook_deliveries}, {@code webhook_attempts}). A
 * delivery is claimed by one instance at a time (SKIP LOCKED, then a lease), and an
 * attempt counts only if the delivery still stands at the attempt before it, so two
 * instances never log one attempt twice.
 */
@Repository
class WebhookDeliveries {

	private final JdbcClient jdbc;

	WebhookDeliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	enum Status {

		PENDING, DELIVERED, FAILED

	}

	/** A delivery claimed to be sent now. */
	record Due(UUID id, String eventType, String payload, int attempts, String url, String secret) {
	}

	record Attempt(int attempt, Instant attemptedAt, Integer statusCode, String error, int durationMs) {
	}

	record Delivery(UUID id, String eventKey, String eventType, Status status, int attempts, Instant nextAttemptAt,
			Instant createdAt, Instant deliveredAt, List<Attempt> log) {
	}

	/**
	 * One pending delivery per endpoint for the event, due now; an endpoint that has the
	 * event already (a redelivered domain event) gets nothing new.
	 */
	int record(List<UUID> endpointIds, String eventKey, WebhookEventType type, String payload, Instant now) {
		return this.jdbc
			.sql("""
					insert into webhook_deliveries (id, endpoint_id, event_key, event_type, payload, status, next_attempt_at, created_at)
					select gen_random_uuid(), e.id, :key, :type, :payload, :pending, :now, :now
					from unnest(:endpoints::uuid[]) as e(id)
					on conflict (endpoint_id, event_key) do nothing
					""")
			.param("key", eventKey)
			.param("type", type.wireName())
			.param("payload", payload)
			.param("pending", Status.PENDING.name())
			.param("now", Timestamp.from(now))
			.param("endpoints", endpointIds.toArray(UUID[]::new))
			.update();
	}

	/**
	 * Claims up to {@code batch} due deliveries: each is left to this instance until
	 * {@code leaseUntil}, when another may send it.
	 */
	List<Due> claimDue(Instant now, Instant leaseUntil, int batch) {
		return this.jdbc.sql("""
				with due as (
				    select id from webhook_deliveries
				    where status = :pending and next_attempt_at <= :now
				    order by next_attempt_at limit :batch
				    for update skip locked),
				claimed as (
				    update webhook_deliveries d set next_attempt_at = :until from due where d.id = due.id
				    returning d.id, d.endpoint_id, d.event_type, d.payload, d.attempts)
				select c.id, c.event_type, c.payload, c.attempts, e.url, e.secret
				from claimed c join webhook_endpoints e on e.id = c.endpoint_id
				""")
			.param("pending", Status.PENDING.name())
			.param("now", Timestamp.from(now))
			.param("batch", batch)
			.param("until", Timestamp.from(leaseUntil))
			.query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getString("event_type"),
					rs.getString("payload"), rs.getInt("attempts"), rs.getString("url"), rs.getString("secret")))
			.list();
	}

	/**
	 * Logs attempt {@code attempt} and moves the delivery on: delivered, due again at
	 * {@code retryAt}, or failed for good ({@code retryAt} null). False, and nothing
	 * changed, when another instance logged this attempt first.
	 */
	boolean attempted(UUID deliveryId, Attempt attempt, boolean delivered, Instant retryAt) {
		Status status = delivered ? Status.DELIVERED : (retryAt != null) ? Status.PENDING : Status.FAILED;
		// one statement: the delivery moves on and its attempt is logged together, or
		// neither
		return this.jdbc.sql("""
				with moved as (
				    update webhook_deliveries
				    set attempts = :attempt, status = :status, next_attempt_at = :next, delivered_at = :delivered
				    where id = :id and attempts = :attempt - 1 and status = :pending
				    returning id)
				insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
				select id, :attempt, :at, :code, :error, :duration from moved
				""")
			.param("attempt", attempt.attempt())
			.param("status", status.name())
			.param("next", (status == Status.PENDING) ? Timestamp.from(retryAt) : null, Types.TIMESTAMP)
			.param("delivered", delivered ? Timestamp.from(attempt.attemptedAt()) : null, Types.TIMESTAMP)
			.param("id", deliveryId)
			.param("pending", Status.PENDING.name())
			.param("at", Timestamp.from(attempt.attemptedAt()))
			.param("code", attempt.statusCode(), Types.INTEGER)
			.param("error", attempt.error(), Types.VARCHAR)
			.param("duration", attempt.durationMs())
			.update() == 1;
	}

	/** The endpoint's deliveries, newest first, each with its attempts. */
	List<Delivery> ofEndpoint(UUID endpointId, int page, int size) {
		List<Delivery> deliveries = this.jdbc.sql("""
				select id, event_key, event_type, status, attempts, next_attempt_at, created_at, delivered_at
				from webhook_deliveries where endpoint_id = :endpoint
				order by created_at desc, id limit :size offset :offset
				""")
			.param("endpoint", endpointId)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(WebhookDeliveries::delivery)
			.list();
		if (deliveries.isEmpty()) {
			return deliveries;
		}
		Map<UUID, List<Attempt>> attempts = new HashMap<>();
		this.jdbc.sql("""
				select delivery_id, attempt, attempted_at, status_code, error, duration_ms
				from webhook_attempts where delivery_id = any(:ids) order by delivery_id, attempt
				""").param("ids", deliveries.stream().map(Delivery::id).toArray(UUID[]::new)).query((rs) -> {
			attempts.computeIfAbsent(rs.getObject("delivery_id", UUID.class), (k) -> new ArrayList<>())
				.add(new Attempt(rs.getInt("attempt"), rs.getTimestamp("attempted_at").toInstant(),
						(Integer) rs.getObject("status_code"), rs.getString("error"), rs.getInt("duration_ms")));
		});
		return deliveries.stream()
			.map((d) -> new Delivery(d.id(), d.eventKey(), d.eventType(), d.status(), d.attempts(), d.nextAttemptAt(),
					d.createdAt(), d.deliveredAt(), attempts.getOrDefault(d.id(), List.of())))
			.toList();
	}

	long countOfEndpoint(UUID endpointId) {
		return this.jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = :endpoint")
			.param("endpoint", endpointId)
			.query(Long.class)
			.single();
	}

	private static Delivery delivery(ResultSet rs, int row) throws SQLException {
		Status status = Status.valueOf(rs.getString("status"));
		return new Delivery(rs.getObject("id", UUID.class), rs.getString("event_key"), rs.getString("event_type"),
				status, rs.getInt("attempts"),
				(status == Status.PENDING) ? instant(rs.getTimestamp("next_attempt_at")) : null,
				rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("delivered_at")), List.of());
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
