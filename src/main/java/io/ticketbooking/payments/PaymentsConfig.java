package io.ticketbooking.payments;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentsConfig {

	@Bean
	WebhookSignature webhookSignature(PaymentsProperties properties, Clock clock) {
		return new WebhookSignature(properties.webhookSecret(), properties.signatureTolerance(), clock);
	}

}
