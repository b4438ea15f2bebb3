package io.ticketbooking.orders;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.messaging.Queues;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.Staleness;

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

	@Autowired
	EventPublicationRegistry publications;

	@Autowired
	Staleness staleness;

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

	/**
	 * The staleness monitor (every minute, on every instance) marks only publications
	 * that waited longer than {@code OUTBOX_STALE_AFTER}: one whose listener has not run
	 * yet stays as it is, or the resubmitter would send it a second time.
	 */
	@Test
	void onlyStalePublicationsAreMarkedFailed() {
		UUID fresh = UUID.randomUUID();
		UUID stale = UUID.randomUUID();
		UUID staleProcessing = UUID.randomUUID();
		try {
			insertPublication(fresh, "PUBLISHED", Instant.now());
			insertPublication(stale, "PUBLISHED", Instant.now().minus(Duration.ofMinutes(6)));
			insertPublication(staleProcessing, "PROCESSING", Instant.now().minus(Duration.ofMinutes(6)));

			this.publications.markStalePublicationsFailed(this.staleness);

			assertThat(publicationStatus(fresh)).as("waiting for its listener for a moment").isEqualTo("PUBLISHED");
			assertThat(publicationStatus(stale)).as("waiting for 6 minutes").isEqualTo("FAILED");
			assertThat(publicationStatus(staleProcessing)).as("processing for 6 minutes").isEqualTo("FAILED");
		}
		finally {
			this.jdbc.sql("delete from event_publication where id in (:ids)")
				.param("ids", List.of(fresh, stale, staleProcessing))
				.update();
		}
	}

	private void insertPublication(UUID id, String status, Instant published) {
		this.jdbc.sql("""
				insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status,
				    completion_attempts)
				values (:id, 'outbox-tests.none', 'java.lang.String', '"unused"', :published, :status, 0)
				""").param("id", id).param("published", Timestamp.from(published)).param("status", status).update();
	}

	private String publicationStatus(UUID id) {
		return this.jdbc.sql("select status from event_publication where id = :id")
			.param("id", id)
			.query(String.class)
			.single();
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
