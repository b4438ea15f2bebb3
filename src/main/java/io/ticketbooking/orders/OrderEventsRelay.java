package io.ticketbooking.orders;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ticketbooking.messaging.Queues;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Sends order events from the outbox (Spring Modulith's publication registry) to the
 * broker. A publication completes only when the broker confirms the message; a nack, a
 * timeout or a lost connection throws, so the registry keeps it incomplete and it is sent
 * again (at restart, and by {@link OutboxResubmitter}). Delivery is at least once:
 * consumers dedupe by order id.
 */
@Component
class OrderEventsRelay {

	static final String ORDER_CONFIRMED = "order.confirmed";

	static final String REFUND_REQUIRED = "order.refund-required";

	private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

	private final RabbitTemplate rabbit;

	OrderEventsRelay(ConnectionFactory connections, MessageConverter converter) {
		// not mandatory: an event nobody has bound a queue for yet is dropped by the
		// topic
		// exchange and still confirmed (RabbitMQ and Qpid agree on that)
		this.rabbit = new RabbitTemplate(connections);
		this.rabbit.setMessageConverter(converter);
		this.rabbit.setMandatory(false);
	}

	@ApplicationModuleListener
	void on(OrderConfirmed event) {
		send(ORDER_CONFIRMED, event, event.orderId());
	}

	@ApplicationModuleListener
	void on(RefundRequired event) {
		send(REFUND_REQUIRED, event, event.orderId());
	}

	private void send(String routingKey, Object event, UUID orderId) {
		CorrelationData correlation = new CorrelationData(routingKey + ":" + orderId);
		this.rabbit.convertAndSend(Queues.EVENTS_EXCHANGE, routingKey, event, (message) -> {
			message.getMessageProperties().setMessageId(routingKey + ":" + orderId);
			return message;
		}, correlation);
		CorrelationData.Confirm confirm;
		try {
			confirm = correlation.getFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new AmqpException("No publisher confirm for " + routingKey + " of order " + orderId, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AmqpException("Interrupted waiting for the confirm of " + routingKey, ex);
		}
		if (!confirm.ack()) {
			throw new AmqpException("Broker refused " + routingKey + " of order " + orderId + ": " + confirm.reason());
		}
	}

}
