package io.ticketbooking.payments;

import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A provider for development and tests: its checkout page is served by this application
 * ({@link SimulatedCheckoutController}) and pays by sending a signed webhook like any
 * outside provider. Never the default in production.
 */
@Component
@ConditionalOnProperty(name = "payments.provider", havingValue = SimulatedProvider.NAME)
class SimulatedProvider implements PaymentProvider {

	static final String NAME = "simulated";

	static final String PATH = "/payments/simulated/";

	private final PaymentsProperties properties;

	SimulatedProvider(PaymentsProperties properties) {
		this.properties = properties;
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

	private String base() {
		if (!this.properties.publicBaseUrl().isBlank()) {
			return this.properties.publicBaseUrl().replaceAll("/+$", "");
		}
		return (RequestContextHolder.getRequestAttributes() != null)
				? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() : "";
	}

}
