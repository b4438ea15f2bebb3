package io.ticketbooking.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What the database holds about an order that its API answers do not show. */
public final class OrderRows {

	private final JdbcClient jdbc;

	public OrderRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public String status(Object orderId) {
		return this.jdbc.sql("select status from orders where id = :id::uuid")
			.param("id", orderId.toString())
			.query(String.class)
			.single();
	}

	/** The provider's id of a payment ({@code data.object.id} in its webhooks). */
	public String providerRef(Object paymentId) {
		return this.jdbc.sql("select provider_ref from payments where id = :id::uuid")
			.param("id", paymentId.toString())
			.query(String.class)
			.single();
	}

	/** The signed QR payload of the order's first ticket. */
	public String qrPayload(Object orderId) {
		return this.jdbc.sql("select qr_payload from tickets where order_id = :id::uuid order by unit_index limit 1")
			.param("id", orderId.toString())
			.query(String.class)
			.single();
	}

}
