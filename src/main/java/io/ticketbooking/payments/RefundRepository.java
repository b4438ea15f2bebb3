package io.ticketbooking.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code refunds} table. A refund that is due ({@code next_attempt_at} passed) is
 * claimed by one instance at a time (SKIP LOCKED, then a lease on the same column); each
 * outcome of a provider call is recorded only by the claim that made it ({@code attempts}
 * guards it) and never over a success.
 */
@Repository
class RefundRepository {

	private static final String COLUMNS = "id, order_id, amount, currency, full_refund, reason, status, attempts, "
			+ "next_attempt_at, last_error, created_at, succeeded_at";

	/** Refunds that count against what a payment has left: all but those given up. */
	private static final String LIVE = "(status <> 'FAILED' or next_attempt_at is not null)";

	private final JdbcClient jdbc;

	RefundRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record NewRefund(UUID id, UUID paymentId, UUID orderId, long amount, String currency, boolean full, String reason,
			UUID requestedBy) {
	}

	/** A refund to carry out, with the payment it refunds. */
	record Due(UUID id, UUID orderId, UUID paymentId, String provider, String paymentRef, long amount, String currency,
			int attempts) {
	}

	void insert(NewRefund refund, Instant now) {
		this.jdbc.sql("""
				insert into refunds (id, payment_id, order_id, amount, currency, full_refund, reason, requested_by,
				                     status, next_attempt_at, created_at, updated_at)
				values (:id, :payment, :order, :amount, :currency, :full, :reason, :by, 'PENDING', :now, :now, :now)
				""")
			.param("id", refund.id())
			.param("payment", refund.paymentId())
			.param("order", refund.orderId())
			.param("amount", refund.amount())
			.param("currency", refund.currency())
			.param("full", refund.full())
			.param("reason", refund.reason())
			.param("by", refund.requestedBy(), Types.OTHER)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Minor units of the payment already refunded or being refunded. */
	long committed(UUID paymentId) {
		return this.jdbc.sql("select coalesce(sum(amount), 0) from refunds where payment_id = :payment and " + LIVE)
			.param("payment", paymentId)
			.query(Long.class)
			.single();
	}

	long succeededAmount(UUID paymentId) {
		return this.jdbc
			.sql("select coalesce(sum(amount), 0) from refunds where payment_id = :payment and status = 'SUCCEEDED'")
			.param("payment", paymentId)
			.query(Long.class)
			.single();
	}

	List<Refund> ofOrder(UUID orderId) {
		return this.jdbc.sql("select " + COLUMNS + " from refunds where order_id = :order order by created_at, id")
			.param("order", orderId)
			.query(RefundRepository::refund)
			.list();
	}

	Optional<UUID> idOfProviderRef(String providerRef) {
		return this.jdbc.sql("select id from refunds where provider_ref = :ref")
			.param("ref", providerRef)
			.query(UUID.class)
			.optional();
	}

	/** Claims due refunds until {@code leaseUntil}. */
	List<Due> claimDue(Instant now, Instant leaseUntil, int batch) {
		return this.jdbc.sql("""
				with due as (
				    select id from refunds
				    where next_attempt_at <= :now and status <> 'SUCCEEDED'
				    order by next_attempt_at limit :batch
				    for update skip locked),
				claimed as (
				    update refunds r set next_attempt_at = :until from due where r.id = due.id
				    returning r.id, r.order_id, r.payment_id, r.amount, r.currency, r.attempts)
				select c.id, c.order_id, c.payment_id, c.amount, c.currency, c.attempts, p.provider, p.provider_ref
				from claimed c join payments p on p.id = c.payment_id
				""")
			.param("now", Timestamp.from(now))
			.param("until", Timestamp.from(leaseUntil))
			.param("batch", batch)
			.query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
					rs.getObject("payment_id", UUID.class), rs.getString("provider"), rs.getString("provider_ref"),
					rs.getLong("amount"), rs.getString("currency").trim(), rs.getInt("attempts")))
			.list();
	}

	/**
	 * The provider took call {@code attempt}: wait for its webhook until
	 * {@code confirmBy}. False when another claim recorded this attempt first, or the
	 * webhook already came.
	 */
	boolean accepted(UUID id, int attempt, String providerRef, Instant confirmBy, Instant now) {
		return this.jdbc.sql("""
				update refunds set status = 'SENT', provider_ref = :ref, attempts = :attempt,
				    next_attempt_at = :confirmBy, last_error = null, updated_at = :now
				where id = :id and attempts = :attempt - 1 and status <> 'SUCCEEDED'
				""")
			.param("ref", providerRef)
			.param("attempt", attempt)
			.param("confirmBy", Timestamp.from(confirmBy))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/** Call {@code attempt} failed: try again at {@code retryAt}, or never (null). */
	boolean failed(UUID id, int attempt, String error, Instant retryAt, Instant now) {
		return this.jdbc.sql("""
				update refunds set status = 'FAILED', attempts = :attempt, next_attempt_at = :retryAt,
				    last_error = :error, updated_at = :now
				where id = :id and attempts = :attempt - 1 and status <> 'SUCCEEDED'
				""")
			.param("attempt", attempt)
			.param("retryAt", (retryAt != null) ? Timestamp.from(retryAt) : null, Types.TIMESTAMP)
			.param("error", error)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
	}

	/** The provider confirmed it; empty when it was confirmed before. */
	Optional<RefundSucceeded> succeed(UUID id, String providerRef, Instant now) {
		return this.jdbc.sql("""
				update refunds set status = 'SUCCEEDED', provider_ref = coalesce(provider_ref, :ref),
				    next_attempt_at = null, last_error = null, succeeded_at = :now, updated_at = :now
				where id = :id and status <> 'SUCCEEDED'
				returning id, payment_id, order_id, amount, currency, full_refund, reason
				""")
			.param("ref", providerRef)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.query((rs, row) -> new RefundSucceeded(rs.getObject("id", UUID.class),
					rs.getObject("payment_id", UUID.class), rs.getObject("order_id", UUID.class), rs.getLong("amount"),
					rs.getString("currency").trim(), rs.getBoolean("full_refund"), rs.getString("reason")))
			.optional();
	}

	/** The order's refunds given up on are due again, from their first attempt. */
	int retryGivenUp(UUID orderId, Instant now) {
		return this.jdbc.sql("""
				update refunds set status = 'PENDING', attempts = 0, next_attempt_at = :now, updated_at = :now
				where order_id = :order and status = 'FAILED' and next_attempt_at is null
				""").param("order", orderId).param("now", Timestamp.from(now)).update();
	}

	private static Refund refund(ResultSet rs, int row) throws SQLException {
		RefundStatus status = RefundStatus.valueOf(rs.getString("status"));
		Timestamp next = rs.getTimestamp("next_attempt_at");
		Timestamp succeeded = rs.getTimestamp("succeeded_at");
		return new Refund(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class), rs.getLong("amount"),
				rs.getString("currency").trim(), rs.getBoolean("full_refund"), rs.getString("reason"), status,
				rs.getInt("attempts"), status == RefundStatus.FAILED && next != null, rs.getString("last_error"),
				rs.getTimestamp("created_at").toInstant(), (succeeded != null) ? succeeded.toInstant() : null);
	}

}
