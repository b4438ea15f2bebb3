package io.ticketbooking.messaging;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param queueType {@code quorum} on a RabbitMQ cluster (production), {@code classic}
 * where the broker does not know quorum queues (the embedded Qpid broker)
 */
@Validated
@ConfigurationProperties("messaging")
record MessagingProperties(@NotNull QueueType queueType) {

	enum QueueType {

		CLASSIC, QUORUM

	}

}
