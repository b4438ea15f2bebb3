package io.ticketbooking.payments;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A provider for development and tests: its checkout page is served by this application
 * ({@link SimulatedCheckoutController}) and pays by sending a signed webhook like any
 * outside provider; a refund it takes is confirmed the same way, with a signed
 * {@code charge.refunded} event sent a moment after it answers. Never the default in
 * production.
 */
@Component
@ConditionalOnProperty(name = "payments.provider", havingValue = SimulatedProvider.NAME)
class SimulatedProvider implements PaymentProvider {

	static final String NAME = "simulated";

	static final String PATH = "/payments/simulated/";

	private final PaymentsProperties properties;

	private final SimulatedWebhooks webhooks;

	private final RefundRepository refunds;

	private final AtomicInteger outage = new AtomicInteger();

	SimulatedProvider(PaymentsProperties properties, SimulatedWebhooks webhooks, RefundRepository refunds) {
		this.properties = properties;
		this.webhooks = webhooks;
		this.refunds = refunds;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Started start(UUID paymentId, UUID orderId, long amount, String currency) {
		return new Started(providerRef(paymentId), base() + PATH + paymentId);
	}

	static String providerRef(UUID paymentId) {
		return "pi_sim_" + paymentId.toString().replace("-", "");
	}

	/**
	 * Takes the refund and, on a virtual thread, sends its {@code charge.refunded} event
	 * (Stripe's shape: the charge, with the amount refunded so far and this refund in
	 * {@code refunds.data}).
	 */
	@Override
	public Refunded refund(RefundCall call) {
		if (this.outage.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			throw new IllegalStateException("the simulated provider is unavailable (HTTP 503)");
		}
		String ref = "re_sim_" + call.refundId().toString().replace("-", "");
		Thread.ofVirtual().name("simulated-refund-" + call.refundId()).start(() -> {
			long refundedBefore = this.refunds.succeededAmount(call.paymentId());
			Map<String, Object> refund = Map.of("id", ref, "object", "refund", "amount", call.amount(), "currency",
					call.currency().toLowerCase(Locale.ROOT), "payment_intent", call.paymentRef(), "status",
					"succeeded", "metadata", Map.of("refundId", call.refundId().toString()));
			Map<String, Object> charge = new HashMap<>();
			charge.put("id", "ch_sim_" + call.paymentId().toString().replace("-", ""));
			charge.put("object", "charge");
			charge.put("payment_intent", call.paymentRef());
			charge.put("amount_refunded", refundedBefore + call.amount());
			charge.put("currency", call.currency().toLowerCase(Locale.ROOT));
			charge.put("metadata", Map.of("orderId", call.orderId().toString()));
			charge.put("refunds", Map.of("object", "list", "data", List.of(refund)));
			this.webhooks.send(WebhookProcessor.REFUNDED, charge);
		});
		return new Refunded(ref);
	}

	/**
	 * Makes the next {@code calls} refund calls fail as if the provider were down (for
	 * trying the retries by hand and in tests).
	 */
	void refuseNextRefunds(int calls) {
		this.outage.set(calls);
	}

	private String base() {
		if (!this.properties.publicBaseUrl().isBlank()) {
			return this.properties.publicBaseUrl().replaceAll("/+$", "");
		}
		return (RequestContextHolder.getRequestAttributes() != null)
				? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() : "";
	}

}
