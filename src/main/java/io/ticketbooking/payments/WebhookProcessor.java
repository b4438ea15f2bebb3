package io.ticketbooking.payments;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one verified provider event, once. The event id is recorded in the transaction
 * that has the event's effect (including whatever synchronous listeners of
 * {@link PaymentSucceeded} do), so a redelivery finds it taken and changes nothing.
 */
@Service
class WebhookProcessor {

	private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);

	static final String SUCCEEDED = "payment_intent.succeeded";

	static final String FAILED = "payment_intent.payment_failed";

	static final String REFUNDED = "charge.refunded";

	private final PaymentRepository payments;

	private final RefundRepository refunds;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	WebhookProcessor(PaymentRepository payments, RefundRepository refunds, ApplicationEventPublisher events,
			JsonMapper json, Clock clock) {
		this.payments = payments;
		this.refunds = refunds;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	@Transactional
	public void process(byte[] body) {
		JsonNode event = parse(body);
		String eventId = event.path("id").asString("");
		String type = event.path("type").asString("");
		if (eventId.isBlank() || type.isBlank()) {
			throw new PaymentProblems.MalformedEvent("id and type are required");
		}
		if (!this.payments.recordEvent(eventId, type, this.clock.instant())) {
			log.info("Webhook event {} was processed before; ignoring the redelivery", eventId);
			return;
		}
		switch (type) {
			case SUCCEEDED -> succeeded(eventId, intent(event));
			case FAILED -> failed(eventId, intent(event));
			case REFUNDED -> refunded(eventId, event.path("data").path("object"));
			default -> log.debug("Ignoring webhook event {} of type {}", eventId, type);
		}
	}

	private void succeeded(String eventId, Intent intent) {
		PaymentRepository.Payment attempt = this.payments.findByProviderRef(intent.ref()).orElse(null);
		UUID orderId = orderOf(attempt, intent, eventId);
		if (orderId == null) {
			return;
		}
		if (attempt != null && !this.payments.settle(attempt.id(), PaymentStatus.SUCCEEDED, this.clock.instant())) {
			// another event of the same payment (its update waited for the first one's
			// row lock): the order took it already; a second payment is another attempt
			log.info("Payment {} had already succeeded; event {} changes nothing", attempt.id(), eventId);
			return;
		}
		this.events.publishEvent(new PaymentSucceeded((attempt != null) ? attempt.id() : null, orderId, intent.amount(),
				intent.currency(), eventId));
	}

	private void failed(String eventId, Intent intent) {
		PaymentRepository.Payment attempt = this.payments.findByProviderRef(intent.ref()).orElse(null);
		UUID orderId = orderOf(attempt, intent, eventId);
		if (orderId == null) {
			return;
		}
		if (attempt != null) {
			this.payments.settle(attempt.id(), PaymentStatus.FAILED, this.clock.instant());
		}
		this.events.publishEvent(new PaymentFailed((attempt != null) ? attempt.id() : null, orderId, eventId));
	}

	/**
	 * Each succeeded refund the charge lists that is ours and not yet confirmed is
	 * confirmed, and announced once. Ours: named by {@code metadata.refundId} (set when
	 * it was asked for, so an event that overtakes the provider's answer still finds it)
	 * or by the provider's refund id.
	 */
	private void refunded(String eventId, JsonNode charge) {
		JsonNode listed = charge.path("refunds").path("data");
		if (!listed.isArray()) {
			throw new PaymentProblems.MalformedEvent("data.object.refunds.data must list the charge's refunds");
		}
		for (JsonNode refund : listed) {
			String ref = refund.path("id").asString("");
			if (ref.isBlank() || !"succeeded".equals(refund.path("status").asString(""))) {
				continue;
			}
			UUID ours = uuidOrNull(refund.path("metadata").path("refundId").asString(""));
			if (ours == null) {
				ours = this.refunds.idOfProviderRef(ref).orElse(null);
			}
			if (ours == null) {
				log.warn("Webhook event {} reports refund {}, which was not asked for here; ignoring it", eventId, ref);
				continue;
			}
			this.refunds.succeed(ours, ref, this.clock.instant()).ifPresent(this.events::publishEvent);
		}
	}

	/** Our own record of the attempt wins over the metadata the event carries. */
	private static UUID orderOf(PaymentRepository.Payment attempt, Intent intent, String eventId) {
		if (attempt != null) {
			if (intent.orderId() != null && !intent.orderId().equals(attempt.orderId())) {
				log.warn("Webhook event {} names order {} but attempt {} is for order {}; using the attempt's", eventId,
						intent.orderId(), attempt.id(), attempt.orderId());
			}
			return attempt.orderId();
		}
		if (intent.orderId() == null) {
			log.warn("Webhook event {} is for an unknown payment {} without metadata.orderId; ignoring it", eventId,
					intent.ref());
		}
		return intent.orderId();
	}

	private record Intent(String ref, long amount, String currency, UUID orderId) {
	}

	private static Intent intent(JsonNode event) {
		JsonNode object = event.path("data").path("object");
		JsonNode amount = object.path("amount");
		String ref = object.path("id").asString("");
		String currency = object.path("currency").asString("");
		if (ref.isBlank() || !amount.isIntegralNumber() || !amount.canConvertToLong() || currency.length() != 3) {
			throw new PaymentProblems.MalformedEvent("data.object needs id, an integer amount and a currency");
		}
		String orderId = object.path("metadata").path("orderId").asString("");
		return new Intent(ref, amount.asLong(), currency.toUpperCase(Locale.ROOT), uuidOrNull(orderId));
	}

	private static UUID uuidOrNull(String value) {
		try {
			return value.isBlank() ? null : UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode node = this.json.readTree(body);
			if (node == null || !node.isObject()) {
				throw new PaymentProblems.MalformedEvent("the body is not a JSON object");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new PaymentProblems.MalformedEvent("the body is not JSON");
		}
	}

}
