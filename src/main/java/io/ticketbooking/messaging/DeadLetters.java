package io.ticketbooking.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.stereotype.Component;

/**
 * What happens to a message that failed every retry: it is published to the dead-letter
 * exchange under {@code <queue>.dlq} with the reason in its headers, then acknowledged.
 * This works the same on RabbitMQ and on brokers without dead-letter arguments (the
 * embedded Qpid), and is counted.
 */
@Component
class DeadLetters implements MessageRecoverer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final RabbitTemplate rabbit;

	private final MeterRegistry meters;

	DeadLetters(RabbitTemplate rabbit, MeterRegistry meters) {
		this.rabbit = rabbit;
		this.meters = meters;
	}

	@Override
	public void recover(Message message, Throwable cause) {
		String queue = message.getMessageProperties().getConsumerQueue();
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = root.getClass().getSimpleName() + ": " + root.getMessage();
		message.getMessageProperties().setHeader("x-exception-message", reason);
		message.getMessageProperties().setHeader("x-original-queue", queue);
		this.rabbit.send(Queues.DEAD_LETTER_EXCHANGE, queue + ".dlq", message);
		this.meters.counter("messaging.dead_lettered", "queue", String.valueOf(queue)).increment();
		log.error("Dead-lettered a message from {} after its retries: {}", queue, reason);
	}

}
