package io.ticketbooking.tickets;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.messaging.ConfirmedPublisher;
import io.ticketbooking.messaging.Queues;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Listens for {@code order.confirmed} on two durable queues: {@code tickets.number} gives
 * each unit of the order its ticket (code and signed QR) at once, a cheap statement;
 * {@code tickets.issue} renders and stores the PDFs, with as many consumers as
 * {@code tickets.issue-consumers} allows, so that printing never takes more of the
 * machine than that from the sale. Both are idempotent and either may run first (the
 * second finds the tickets numbered). Failures are retried with back-off
 * (spring.rabbitmq.listener.simple.retry), then dead-lettered to the queue's {@code .dlq}
 * with the reason.
 */
@Configuration(proxyBeanMethods = false)
class TicketMessaging {

	static final String QUEUE = "tickets.issue";

	static final String NUMBER_QUEUE = "tickets.number";

	/**
	 * Routing key of {@link TicketsIssued}: sent once every ticket of a paid order has
	 * its PDF stored (again on a redelivery; consumers dedupe by order).
	 */
	static final String TICKETS_ISSUED = "tickets.issued";

	/** Every ticket of the order is issued with its PDF. */
	record TicketsIssued(UUID orderId, UUID userId, UUID eventId, int tickets) {
	}

	/** The message the orders module publishes when an order is paid. */
	record OrderConfirmedMessage(UUID orderId, UUID userId, UUID eventId, UUID ticketTypeId, int quantity) {
	}

	@Bean
	Declarables ticketQueues(Queues queues) {
		List<Declarable> declarables = new ArrayList<>();
		declarables.addAll(queues.subscribed(QUEUE, "order.confirmed").getDeclarables());
		declarables.addAll(queues.subscribed(NUMBER_QUEUE, "order.confirmed").getDeclarables());
		return new Declarables(declarables);
	}

	/**
	 * The printing consumers run on platform threads of the lowest priority, not on the
	 * virtual threads that serve requests: with the JVM's thread priorities mapped to the
	 * operating system's (docs/tickets.md), the sale gets the cores first and printing
	 * takes what it leaves. Otherwise configured as every other listener (retries, dead
	 * letters).
	 */
	@Bean
	SimpleRabbitListenerContainerFactory printingContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connections) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connections);
		SimpleAsyncTaskExecutor printers = new SimpleAsyncTaskExecutor("tickets-print-");
		printers.setThreadPriority(Thread.MIN_PRIORITY);
		// like the virtual threads they replace, they never hold the JVM up at exit (the
		// container stops them first on an orderly shutdown)
		printers.setDaemon(true);
		factory.setTaskExecutor(printers);
		return factory;
	}

	@Bean
	IssueTicketsListener issueTicketsListener(TicketIssuer issuer, ConfirmedPublisher publisher, MeterRegistry meters) {
		return new IssueTicketsListener(issuer, publisher, meters);
	}

	@Bean
	NumberTicketsListener numberTicketsListener(TicketIssuer issuer) {
		return new NumberTicketsListener(issuer);
	}

	static class NumberTicketsListener {

		private final TicketIssuer issuer;

		NumberTicketsListener(TicketIssuer issuer) {
			this.issuer = issuer;
		}

		@RabbitListener(id = "tickets-number", queues = NUMBER_QUEUE, concurrency = "1")
		void onOrderConfirmed(OrderConfirmedMessage message) {
			if (message == null || message.orderId() == null) {
				throw new IllegalArgumentException("order.confirmed without an orderId");
			}
			this.issuer.number(message.orderId());
		}

	}

	static class IssueTicketsListener {

		private final TicketIssuer issuer;

		private final ConfirmedPublisher publisher;

		private final Counter processed;

		IssueTicketsListener(TicketIssuer issuer, ConfirmedPublisher publisher, MeterRegistry meters) {
			this.issuer = issuer;
			this.publisher = publisher;
			this.processed = Counter.builder("tickets.issue.processed")
				.description("order.confirmed messages handled to the end, redeliveries included")
				.register(meters);
		}

		@RabbitListener(id = "tickets-issue", queues = QUEUE, concurrency = "${tickets.issue-consumers}",
				containerFactory = "printingContainerFactory")
		void onOrderConfirmed(OrderConfirmedMessage message) {
			if (message == null || message.orderId() == null) {
				throw new IllegalArgumentException("order.confirmed without an orderId");
			}
			int issued = this.issuer.issue(message.orderId());
			if (issued > 0) {
				// every PDF of the order is stored: e.g. the buyer's email can go
				this.publisher.publish(TICKETS_ISSUED,
						new TicketsIssued(message.orderId(), message.userId(), message.eventId(), issued),
						TICKETS_ISSUED + ":" + message.orderId());
			}
			this.processed.increment();
		}

	}

}
