package io.ticketbooking.messaging;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Binding.DestinationType;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.stereotype.Component;

/**
 * The one place that decides how a durable work queue is declared: its type (classic or
 * quorum) and its dead-letter queue. Modules declare their queues through it.
 */
@Component
public class Queues {

	/**
	 * Domain events leave the application through this topic exchange, routed by event
	 * name.
	 */
	public static final String EVENTS_EXCHANGE = "ticketbooking.events";

	/** Exchange that receives messages which failed every retry. */
	public static final String DEAD_LETTER_EXCHANGE = "ticketbooking.dlx";

	private final MessagingProperties properties;

	Queues(MessagingProperties properties) {
		this.properties = properties;
	}

	/** A durable queue whose rejected messages go to {@code name + ".dlq"}. */
	public Queue durable(String name) {
		QueueBuilder builder = QueueBuilder.durable(name)
			.deadLetterExchange(DEAD_LETTER_EXCHANGE)
			.deadLetterRoutingKey(name + ".dlq");
		if (this.properties.queueType() == MessagingProperties.QueueType.QUORUM) {
			builder.quorum();
		}
		return builder.build();
	}

	/**
	 * A durable queue that takes the domain events of {@code routingKey}, with its
	 * dead-letter queue and both bindings.
	 */
	public Declarables subscribed(String name, String routingKey) {
		return new Declarables(durable(name), deadLetter(name),
				new Binding(name, DestinationType.QUEUE, EVENTS_EXCHANGE, routingKey, null),
				new Binding(name + ".dlq", DestinationType.QUEUE, DEAD_LETTER_EXCHANGE, name + ".dlq", null));
	}

	/** The dead-letter queue that pairs with {@link #durable(String)}. */
	public Queue deadLetter(String name) {
		QueueBuilder builder = QueueBuilder.durable(name + ".dlq");
		if (this.properties.queueType() == MessagingProperties.QueueType.QUORUM) {
			builder.quorum();
		}
		return builder.build();
	}

}
