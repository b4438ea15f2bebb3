package io.ticketbooking.orders;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.messaging.Queues;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.OrderRows;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * What payment tests share: starting payments, signed webhooks, and a look at the broker.
 */
abstract class PaymentsFixture extends OrdersFixture {

	static final String SUCCEEDED = "payment_intent.succeeded";

	static final String FAILED = "payment_intent.payment_failed";

	@Value("${payments.webhook-secret}")
	String webhookSecret;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	AmqpAdmin amqpAdmin;

	StripeWebhooks webhooks() {
		return new StripeWebhooks(this.webhookSecret);
	}

	record Reserved(Account buyer, UUID orderId, long total) {
	}

	Reserved reserved(Account buyer, OnSale sale, int quantity) {
		Http.Response response = reserve(buyer, sale, quantity).assertStatus(201);
		return new Reserved(buyer, UUID.fromString(response.json().path("id").asString()),
				response.json().path("total").asLong());
	}

	Http.Response startPayment(Account buyer, UUID orderId) {
		return new OrdersApi(http()).startPayment(buyer.token(), orderId).execute();
	}

	/** Starts a payment and answers the provider's id of it ({@code data.object.id}). */
	String paymentIntent(Reserved order) {
		Http.Response response = startPayment(order.buyer(), order.orderId()).assertStatus(201);
		return providerRef(UUID.fromString(response.json().path("paymentId").asString()));
	}

	String providerRef(UUID paymentId) {
		return new OrderRows(this.jdbc).providerRef(paymentId);
	}

	byte[] event(String type, String intent, Reserved order) {
		return StripeWebhooks.event(StripeWebhooks.newEventId(), type, intent, order.total(), "idr", order.orderId());
	}

	Http.Response deliver(byte[] body, String signature) {
		return StripeWebhooks.delivery(http(), body, signature).execute();
	}

	Http.Response deliverSigned(byte[] body) {
		return webhooks().signedDelivery(http(), body).execute();
	}

	String status(UUID orderId) {
		return new OrderRows(this.jdbc).status(orderId);
	}

	String pathOf(String url) {
		return URI.create(url).getRawPath();
	}

	/**
	 * A fresh queue bound to the events exchange, as a consumer module would bind one.
	 */
	String bindQueue(String routingKey) {
		String name = "test." + routingKey + "." + UUID.randomUUID();
		// not auto-delete: every receive with a timeout is a consumer that comes and goes
		Queue queue = new Queue(name, false, false, false);
		this.amqpAdmin.declareQueue(queue);
		this.amqpAdmin
			.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(Queues.EVENTS_EXCHANGE)).with(routingKey));
		return name;
	}

	void unbind(String queue) {
		this.amqpAdmin.deleteQueue(queue);
	}

	/** Messages about the order that arrive on the queue within the wait. */
	List<JsonNode> messagesFor(String queue, UUID orderId, long waitMillis) {
		List<JsonNode> found = new ArrayList<>();
		long deadline = System.currentTimeMillis() + waitMillis;
		while (System.currentTimeMillis() < deadline) {
			Message message = this.rabbit.receive(queue, Math.max(1, deadline - System.currentTimeMillis()));
			if (message == null) {
				break;
			}
			JsonNode body = Json.read(message.getBody());
			if (orderId.toString().equals(body.path("orderId").asString())) {
				found.add(body);
			}
		}
		return found;
	}

}
