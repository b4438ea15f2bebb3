package io.ticketbooking.tickets;

import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.messaging.Queues;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Listens for {@code order.confirmed} on the durable queue {@code tickets.issue}.
 * Failures are retried with back-off (spring.rabbitmq.listener.simple.retry), then
 * dead-lettered to {@code tickets.issue.dlq} with the reason.
 */
@Configuration(proxyBeanMethods = false)
class TicketMessaging {

	static final String QUEUE = "tickets.issue";

	/** The message the orders module publishes when an order is paid. */
	record OrderConfirmedMessage(UUID orderId, UUID userId, UUID eventId, UUID ticketTypeId, int quantity) {
	}

	@Bean
	Queue ticketsIssueQueue(Queues queues) {
		return queues.durable(QUEUE);
	}

	@Bean
	Queue ticketsIssueDeadLetterQueue(Queues queues) {
		return queues.deadLetter(QUEUE);
	}

	@Bean
	Binding ticketsIssueBinding(Queue ticketsIssueQueue, TopicExchange eventsExchange) {
		return BindingBuilder.bind(ticketsIssueQueue).to(eventsExchange).with("order.confirmed");
	}

	@Bean
	Binding ticketsIssueDeadLetterBinding(Queue ticketsIssueDeadLetterQueue, DirectExchange deadLetterExchange) {
		return BindingBuilder.bind(ticketsIssueDeadLetterQueue).to(deadLetterExchange).with(QUEUE + ".dlq");
	}

	@Bean
	IssueTicketsListener issueTicketsListener(TicketIssuer issuer, MeterRegistry meters) {
		return new IssueTicketsListener(issuer, meters);
	}

	static class IssueTicketsListener {

		private final TicketIssuer issuer;

		private final Counter processed;

		IssueTicketsListener(TicketIssuer issuer, MeterRegistry meters) {
			this.issuer = issuer;
			this.processed = Counter.builder("tickets.issue.processed")
				.description("order.confirmed messages handled to the end, redeliveries included")
				.register(meters);
		}

		@RabbitListener(queues = QUEUE)
		void onOrderConfirmed(OrderConfirmedMessage message) {
			if (message == null || message.orderId() == null) {
				throw new IllegalArgumentException("order.confirmed without an orderId");
			}
			this.issuer.issue(message.orderId());
			this.processed.increment();
		}

	}

}
