package io.ticketbooking.payments;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import io.ticketbooking.shared.NotFound;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulated provider's checkout page. It shows only the attempt's amount (the payment
 * id in the URL is random and unguessable) and its buttons make the provider send a
 * signed webhook to our own endpoint over HTTP, exactly as an outside provider would.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "payments.provider", havingValue = SimulatedProvider.NAME)
@RequestMapping(SimulatedProvider.PATH + "{paymentId}")
class SimulatedCheckoutController {

	private final PaymentRepository payments;

	private final SimulatedWebhooks webhooks;

	SimulatedCheckoutController(PaymentRepository payments, SimulatedWebhooks webhooks) {
		this.payments = payments;
		this.webhooks = webhooks;
	}

	@GetMapping
	ResponseEntity<String> page(@PathVariable UUID paymentId) {
		PaymentRepository.Payment payment = find(paymentId);
		String body = (payment.status() == PaymentStatus.PENDING) ? """
				<form method="post" action="%1$s/pay"><button type="submit">Pay</button></form>
				<form method="post" action="%1$s/decline"><button type="submit">Decline</button></form>
				""".formatted(SimulatedProvider.PATH + paymentId) : "<p>This payment is " + payment.status() + ".</p>";
		return html(payment, body);
	}

	@PostMapping("/pay")
	ResponseEntity<String> pay(@PathVariable UUID paymentId) {
		return complete(find(paymentId), WebhookProcessor.SUCCEEDED);
	}

	@PostMapping("/decline")
	ResponseEntity<String> decline(@PathVariable UUID paymentId) {
		return complete(find(paymentId), WebhookProcessor.FAILED);
	}

	private ResponseEntity<String> complete(PaymentRepository.Payment payment, String type) {
		if (payment.status() != PaymentStatus.PENDING) {
			return html(payment, "<p>This payment is already " + payment.status() + ".</p>");
		}
		int status = sendWebhook(payment, type);
		String result = !SimulatedWebhooks.delivered(status)
				? "<p>The provider could not deliver the result yet (HTTP " + status + "); it will send it again.</p>"
				: WebhookProcessor.SUCCEEDED.equals(type) ? "<p>Payment received. You may close this page.</p>"
						: "<p>Payment declined. You may start a new payment for the order.</p>";
		return html(find(payment.id()), result);
	}

	private int sendWebhook(PaymentRepository.Payment payment, String type) {
		return this.webhooks.send(type,
				Map.of("id", payment.providerRef(), "object", "payment_intent", "amount", payment.amount(), "currency",
						payment.currency().toLowerCase(Locale.ROOT), "metadata",
						Map.of("orderId", payment.orderId().toString(), "paymentId", payment.id().toString())));
	}

	private PaymentRepository.Payment find(UUID paymentId) {
		return this.payments.find(paymentId)
			.filter((p) -> SimulatedProvider.NAME.equals(p.provider()))
			.orElseThrow(() -> new NotFound("Payment"));
	}

	private static ResponseEntity<String> html(PaymentRepository.Payment payment, String body) {
		String page = """
				<!doctype html>
				<html lang="en"><head><meta charset="utf-8"><title>Simulated checkout</title>
				<meta name="robots" content="noindex"></head>
				<body><h1>Simulated checkout</h1>
				<p>Amount: %d %s (minor units)</p>
				%s
				</body></html>
				""".formatted(payment.amount(), payment.currency(), body);
		return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-store").body(page);
	}

}
