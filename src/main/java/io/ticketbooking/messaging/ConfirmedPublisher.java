package io.ticketbooking.messaging;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Publishes a domain event to {@link Queues#EVENTS_EXCHANGE} and returns only once the
 * broker confirmed it: a nack, a timeout or a lost connection throws, so the caller (an
 * outbox publication, a listener) fails and is run again. Delivery is at least once;
 * consumers dedupe by the message id.
 */
@Component
public class ConfirmedPublisher {

	private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

	private final RabbitTemplate rabbit;

	ConfirmedPublisher(ConnectionFactory connections, MessageConverter converter) {
		// not mandatory: an event nobody has bound a queue for yet is dropped by the
		// topic
		// exchange and still confirmed (RabbitMQ and Qpid agree on that)
		this.rabbit = new RabbitTemplate(connections);
		this.rabbit.setMessageConverter(converter);
		this.rabbit.setMandatory(false);
	}

	/**
	 * Sends {@code event} with routing key {@code routingKey} and message id {@code id}.
	 */
	public void publish(String routingKey, Object event, String id) {
		CorrelationData correlation = new CorrelationData(id);
		this.rabbit.convertAndSend(Queues.EVENTS_EXCHANGE, routingKey, event, (message) -> {
			message.getMessageProperties().setMessageId(id);
			return message;
		}, correlation);
		CorrelationData.Confirm confirm;
		try {
			confirm = correlation.getFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new AmqpException("No publisher confirm for " + id, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AmqpException("Interrupted waiting for the confirm of " + id, ex);
		}
		if (!confirm.ack()) {
			throw new AmqpException("Broker refused " + id + ": " + confirm.reason());
		}
	}

}
