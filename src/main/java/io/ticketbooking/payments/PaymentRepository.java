package io.ticketbooking.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PaymentRepository {

	private static final String COLUMNS = "id, order_id, provider, provider_ref, amount, currency, status, checkout_url";

	private final JdbcClient jdbc;

	PaymentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Payment(UUID id, UUID orderId, String provider, String providerRef, long amount, String currency,
			PaymentStatus status, String checkoutUrl) {
	}

	void insert(Payment payment, Instant now) {
		this.jdbc.sql("""
				insert into payments (id, order_id, provider, provider_ref, amount, currency, status, checkout_url,
				                      created_at, updated_at)
				values (:id, :order, :provider, :ref, :amount, :currency, :status, :url, :now, :now)
				""")
			.param("id", payment.id())
			.param("order", payment.orderId())
			.param("provider", payment.provider())
			.param("ref", payment.providerRef())
			.param("amount", payment.amount())
			.param("currency", payment.currency())
			.param("status", payment.status().name())
			.param("url", payment.checkoutUrl())
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<Payment> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from payments where id = :id")
			.param("id", id)
			.query(PaymentRepository::payment)
			.optional();
	}

	Optional<Payment> findByProviderRef(String providerRef) {
		return this.jdbc.sql("select " + COLUMNS + " from payments where provider_ref = :ref")
			.param("ref", providerRef)
			.query(PaymentRepository::payment)
			.optional();
	}

	/** The order's first successful payment, locked until the transaction ends. */
	Optional<Payment> succeededForUpdate(UUID orderId) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from payments where order_id = :order and status = 'SUCCEEDED'
				order by created_at, id limit 1 for update
				""").param("order", orderId).query(PaymentRepository::payment).optional();
	}

	Optional<Payment> findForUpdate(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from payments where id = :id for update")
			.param("id", id)
			.query(PaymentRepository::payment)
			.optional();
	}

	/**
	 * Records the outcome of an attempt; a success is never overwritten, by a failure or
	 * by itself. Answers whether the attempt changed (false: it had already succeeded).
	 */
	boolean settle(UUID id, PaymentStatus status, Instant now) {
		return this.jdbc.sql("""
				update payments set status = :status, updated_at = :now
				where id = :id and status <> :succeeded
				""")
			.param("status", status.name())
			.param("succeeded", PaymentStatus.SUCCEEDED.name())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() > 0;
	}

	/**
	 * Claims a webhook event id; false when it was processed before. A concurrent
	 * delivery of the same id waits here until the first one commits or rolls back.
	 */
	boolean recordEvent(String eventId, String type, Instant now) {
		return this.jdbc.sql("""
				insert into payment_webhook_events (event_id, type, received_at) values (:id, :type, :now)
				on conflict (event_id) do nothing
				""").param("id", eventId).param("type", type).param("now", Timestamp.from(now)).update() == 1;
	}

	private static Payment payment(ResultSet rs, int row) throws SQLException {
		return new Payment(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getString("provider"), rs.getString("provider_ref"), rs.getLong("amount"),
				rs.getString("currency").trim(), PaymentStatus.valueOf(rs.getString("status")),
				rs.getString("checkout_url"));
	}

}
