package io.ticketbooking.payments;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * The module's facade: starts payment attempts with the configured provider. Outcomes
 * arrive later as signed webhooks and leave the module as {@link PaymentSucceeded} and
 * {@link PaymentFailed}.
 */
@Service
public class Payments {

	private final List<PaymentProvider> providers;

	private final PaymentRepository payments;

	private final PaymentsProperties properties;

	private final Clock clock;

	Payments(List<PaymentProvider> providers, PaymentRepository payments, PaymentsProperties properties, Clock clock) {
		this.providers = providers;
		this.payments = payments;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A new attempt (each call is one, so a retry after a failure gets its own id). The
	 * provider is called before anything is stored and outside any transaction.
	 * @param orderId an opaque reference handed back in the outcome events
	 */
	public Checkout start(UUID orderId, long amount, String currency) {
		PaymentProvider provider = this.providers.stream()
			.filter((p) -> p.name().equals(this.properties.provider()))
			.findFirst()
			.orElseThrow(PaymentProblems.PaymentsUnavailable::new);
		UUID paymentId = UUID.randomUUID();
		PaymentProvider.Started started = provider.start(paymentId, orderId, amount, currency);
		this.payments.insert(new PaymentRepository.Payment(paymentId, orderId, provider.name(), started.providerRef(),
				amount, currency, PaymentStatus.PENDING, started.checkoutUrl()), this.clock.instant());
		return new Checkout(paymentId, provider.name(), started.checkoutUrl(), amount, currency);
	}

}
