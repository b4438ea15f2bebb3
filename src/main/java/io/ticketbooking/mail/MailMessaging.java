package io.ticketbooking.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.auth.EmailVerificationRequested;
import io.ticketbooking.messaging.PermanentMessageFailure;
import io.ticketbooking.messaging.Queues;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.retry.RejectAndDontRequeueRecoverer;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;

/**
 * The queues email is sent from: {@code mail.tickets-issued} (routing key
 * {@code tickets.issued}: every ticket of a paid order has its PDF),
 * {@code mail.refund-required} ({@code order.refund-required}),
 * {@code mail.order-refunded} ({@code order.refunded}, a refund the provider confirmed),
 * {@code mail.holds-expired} ({@code orders.expired}, a sweep's expired holds) and
 * {@code mail.email-verification} ({@code auth.email-verification}, a link to confirm an
 * address). Their consumers are their own, apart from issuance: a relay that is down
 * holds up email only. A failed send is retried on the consumer, the pause doubling from
 * {@code mail.first-retry} to {@code mail.max-retry}, {@code mail.max-attempts} times;
 * then the message goes to its queue's {@code .dlq}, where it stays until an operator
 * moves it back.
 */
@Configuration(proxyBeanMethods = false)
class MailMessaging {

	static final String TICKETS_QUEUE = "mail.tickets-issued";

	static final String REFUNDS_QUEUE = "mail.refund-required";

	static final String REFUNDED_QUEUE = "mail.order-refunded";

	static final String EXPIRED_QUEUE = "mail.holds-expired";

	static final String VERIFY_QUEUE = "mail.email-verification";

	record TicketsIssuedMessage(UUID orderId, UUID userId, UUID eventId, int tickets) {
	}

	record HoldsExpiredMessage(UUID batchId, List<Hold> holds) {

		record Hold(UUID orderId, UUID userId, UUID eventId, int quantity) {
		}

	}

	record RefundRequiredMessage(UUID orderId, UUID userId, UUID eventId, long amount, String currency, String reason) {
	}

	record OrderRefundedMessage(UUID orderId, UUID refundId, UUID userId, UUID eventId, long amount, String currency,
			boolean full) {
	}

	@Bean
	Declarables mailQueues(Queues queues) {
		List<Declarable> declarables = new ArrayList<>();
		declarables.addAll(queues.subscribed(TICKETS_QUEUE, "tickets.issued").getDeclarables());
		declarables.addAll(queues.subscribed(REFUNDS_QUEUE, "order.refund-required").getDeclarables());
		declarables.addAll(queues.subscribed(REFUNDED_QUEUE, "order.refunded").getDeclarables());
		declarables.addAll(queues.subscribed(EXPIRED_QUEUE, "orders.expired").getDeclarables());
		declarables.addAll(queues.subscribed(VERIFY_QUEUE, EmailVerificationRequested.ROUTING_KEY).getDeclarables());
		return new Declarables(declarables);
	}

	@Bean
	SimpleRabbitListenerContainerFactory mailContainerFactory(SimpleRabbitListenerContainerFactoryConfigurer configurer,
			ConnectionFactory connections, MailSettings settings) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connections);
		factory.setAdviceChain(RetryInterceptorBuilder.stateless()
			.retryPolicy(RetryPolicy.builder()
				.maxRetries(settings.maxAttempts() - 1)
				.delay(settings.firstRetry())
				.multiplier(2)
				.maxDelay(settings.maxRetry())
				.predicate((failure) -> !PermanentMessageFailure.isPermanent(failure))
				.build())
			.recoverer(new RejectAndDontRequeueRecoverer())
			.build());
		return factory;
	}

	@Bean
	MailListeners mailListeners(BuyerMail mail) {
		return new MailListeners(mail);
	}

	static class MailListeners {

		private final BuyerMail mail;

		MailListeners(BuyerMail mail) {
			this.mail = mail;
		}

		@RabbitListener(id = "mail-tickets", queues = TICKETS_QUEUE, containerFactory = "mailContainerFactory",
				concurrency = "1")
		void onTicketsIssued(TicketsIssuedMessage message) {
			if (message == null || message.orderId() == null) {
				throw new PermanentMessageFailure("tickets.issued without an orderId");
			}
			this.mail.ticketsIssued(message.orderId());
		}

		@RabbitListener(id = "mail-refunds", queues = REFUNDS_QUEUE, containerFactory = "mailContainerFactory",
				concurrency = "1")
		void onRefundRequired(RefundRequiredMessage message) {
			if (message == null || message.orderId() == null || message.userId() == null || message.eventId() == null) {
				throw new PermanentMessageFailure("order.refund-required without its order, buyer or event");
			}
			this.mail.refundRequired(message.orderId(), message.userId(), message.eventId(), message.amount(),
					message.currency(), message.reason());
		}

		@RabbitListener(id = "mail-refunded", queues = REFUNDED_QUEUE, containerFactory = "mailContainerFactory",
				concurrency = "1")
		void onOrderRefunded(OrderRefundedMessage message) {
			if (message == null || message.refundId() == null || message.orderId() == null || message.userId() == null
					|| message.eventId() == null) {
				throw new PermanentMessageFailure("order.refunded without its refund, order, buyer or event");
			}
			this.mail.refunded(message);
		}

		@RabbitListener(id = "mail-verify", queues = VERIFY_QUEUE, containerFactory = "mailContainerFactory",
				concurrency = "1")
		void onVerificationRequested(EmailVerificationRequested message) {
			if (message == null || message.userId() == null || message.token() == null) {
				throw new PermanentMessageFailure("auth.email-verification without its account or token");
			}
			this.mail.verification(message);
		}

		@RabbitListener(id = "mail-expired", queues = EXPIRED_QUEUE, containerFactory = "mailContainerFactory",
				concurrency = "1")
		void onHoldsExpired(HoldsExpiredMessage message) {
			if (message == null || message.holds() == null) {
				throw new PermanentMessageFailure("orders.expired without its holds");
			}
			for (HoldsExpiredMessage.Hold hold : message.holds()) {
				this.mail.holdExpired(hold.orderId(), hold.userId(), hold.eventId(), hold.quantity());
			}
		}

	}

}
