package io.ticketbooking.orders;

import java.util.List;

import io.ticketbooking.events.EventCancelled;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestEvents.OnSale;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money that arrives after the hold ended re-takes stock through the same gate and unit
 * rows as a reservation, or flags the order for a refund; never an oversell. Cancelled
 * events release holds and flag paid orders.
 */
@IntegrationTest
class LatePaymentTests extends PaymentsFixture {

	@Autowired
	HoldSweeper sweeper;

	@Test
	void aLatePaymentWithStockLeftConfirmsTheOrder() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 5, 4);
		Reserved order = reserved(accounts().create(), sale, 2);
		String intent = paymentIntent(order);
		expire(order);
		assertThat(status(order.orderId())).isEqualTo("EXPIRED");
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(5);

		assertThat(deliverSigned(event(SUCCEEDED, intent, order)).status()).isEqualTo(200);

		assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(2);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(3);
	}

	@Test
	void aLatePaymentWithNothingLeftRequiresARefundAndNeverOversells() {
		String queue = bindQueue(OrderEventsRelay.REFUND_REQUIRED);
		try {
			OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 2, 2);
			Reserved late = reserved(accounts().create(), sale, 2);
			String intent = paymentIntent(late);
			expire(late);
			Reserved next = reserved(accounts().create(), sale, 2);

			assertThat(deliverSigned(event(SUCCEEDED, intent, late)).status()).isEqualTo(200);

			// refunded without anyone asking (docs/refunds.md)
			assertThat(status(late.orderId())).isIn("REFUND_REQUIRED", "REFUND_PENDING", "REFUNDED");
			eventually(() -> assertThat(status(late.orderId())).isEqualTo("REFUNDED"));
			assertThat(status(next.orderId())).isEqualTo("RESERVED");
			assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(2).isLessThanOrEqualTo(sale.capacity());
			assertThat(redisStock(sale.ticketTypeId())).isZero();
			List<JsonNode> refunds = messagesFor(queue, late.orderId(), 10_000);
			assertThat(refunds).hasSize(1);
			assertThat(refunds.get(0).path("reason").asString()).isEqualTo("LATE_PAYMENT_SOLD_OUT");
			assertThat(refunds.get(0).path("amount").asLong()).isEqualTo(late.total());
		}
		finally {
			unbind(queue);
		}
	}

	@Test
	void aPaymentForACancelledOrderRetakesStockWhenSomeIsLeft() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 3, 2);
		Reserved order = reserved(accounts().create(), sale, 1);
		String intent = paymentIntent(order);
		http().post("/api/v1/orders/" + order.orderId() + "/cancel", "").bearer(order.buyer().token()).execute();
		assertThat(status(order.orderId())).isEqualTo("CANCELLED");

		assertThat(deliverSigned(event(SUCCEEDED, intent, order)).status()).isEqualTo(200);
		assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(1);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(2);
	}

	@Test
	void cancellingAnEventReleasesHoldsAndFlagsPaidOrders() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Reserved held = reserved(accounts().create(), sale, 2);
		Reserved paid = reserved(accounts().create(), sale, 3);
		assertThat(deliverSigned(event(SUCCEEDED, paymentIntent(paid), paid)).status()).isEqualTo(200);

		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.sql("update events set status = 'CANCELLED' where id = :id").param("id", sale.eventId()).update();
			this.publisher.publishEvent(new EventCancelled(sale.eventId(), List.of(sale.ticketTypeId())));
		});

		assertThat(status(held.orderId())).isEqualTo("CANCELLED");
		assertThat(status(paid.orderId())).isIn("REFUND_REQUIRED", "REFUND_PENDING", "REFUNDED");
		eventually(() -> assertThat(status(paid.orderId())).isEqualTo("REFUNDED"));
		assertThat(takenUnits(sale.ticketTypeId())).as("a cancelled event's refunds stay off sale").isEqualTo(3);
	}

	private void expire(Reserved order) {
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id")
			.param("id", order.orderId())
			.update();
		eventually(() -> {
			this.sweeper.sweepOnce();
			assertThat(status(order.orderId())).isEqualTo("EXPIRED");
		});
	}

}
