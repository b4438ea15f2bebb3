package io.ticketbooking.orders;

import java.time.Duration;

import io.ticketbooking.messaging.Queues;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A confirmation the broker does not take stays in the outbox, incomplete, and is sent
 * when resubmitted: the order change never waits for the broker, and the message is not
 * lost.
 */
@IntegrationTest
class OutboxTests extends PaymentsFixture {

	@Autowired
	OutboxResubmitter resubmitter;

	@Test
	void aConfirmationTheBrokerRefusedIsSentWhenResubmitted() {
		String queue = bindQueue(OrderEventsRelay.ORDER_CONFIRMED);
		RabbitAdmin admin = (RabbitAdmin) this.amqpAdmin;
		try {
			OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
			Reserved order = reserved(accounts().create(), sale, 1);
			String intent = paymentIntent(order);
			// the broker refuses: publishing to a missing exchange closes the channel
			admin.deleteExchange(Queues.EVENTS_EXCHANGE);

			assertThat(deliverSigned(event(SUCCEEDED, intent, order)).status()).isEqualTo(200);
			assertThat(status(order.orderId())).isEqualTo("CONFIRMED");
			eventually(() -> assertThat(publicationStatus(order)).isEqualTo("FAILED"));

			admin.initialize();
			admin.declareBinding(BindingBuilder.bind(new Queue(queue))
				.to(new TopicExchange(Queues.EVENTS_EXCHANGE))
				.with(OrderEventsRelay.ORDER_CONFIRMED));
			this.resubmitter.resubmit(Duration.ZERO);

			assertThat(messagesFor(queue, order.orderId(), 10_000)).hasSize(1);
			eventually(() -> assertThat(publicationStatus(order)).isEqualTo("COMPLETED"));
		}
		finally {
			admin.initialize();
			unbind(queue);
		}
	}

	private String publicationStatus(Reserved order) {
		return this.jdbc
			.sql("select status from event_publication where event_type like '%OrderConfirmed' "
					+ "and listener_id like '%OrderEventsRelay%' and serialized_event like :order")
			.param("order", "%" + order.orderId() + "%")
			.query(String.class)
			.single();
	}

}
