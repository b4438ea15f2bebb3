package io.ticketbooking.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import io.ticketbooking.shared.NotFound;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

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

	private static final Logger log = LoggerFactory.getLogger(SimulatedCheckoutController.class);

	private final PaymentRepository payments;

	private final PaymentsProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	SimulatedCheckoutController(PaymentRepository payments, PaymentsProperties properties, JsonMapper json,
			Clock clock) {
		this.payments = payments;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
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
	ResponseEntity<String> pay(@PathVariable UUID paymentId, HttpServletRequest request) {
		return complete(find(paymentId), WebhookProcessor.SUCCEEDED, request);
	}

	@PostMapping("/decline")
	ResponseEntity<String> decline(@PathVariable UUID paymentId, HttpServletRequest request) {
		return complete(find(paymentId), WebhookProcessor.FAILED, request);
	}

	private ResponseEntity<String> complete(PaymentRepository.Payment payment, String type,
			HttpServletRequest request) {
		if (payment.status() != PaymentStatus.PENDING) {
			return html(payment, "<p>This payment is already " + payment.status() + ".</p>");
		}
		int status = sendWebhook(payment, type, request.getLocalPort());
		String result = (status != 200) ? "<p>The provider could not deliver the result (HTTP " + status + ").</p>"
				: WebhookProcessor.SUCCEEDED.equals(type) ? "<p>Payment received. You may close this page.</p>"
						: "<p>Payment declined. You may start a new payment for the order.</p>";
		return html(find(payment.id()), result);
	}

	/** Posts a Stripe-format event, signed with the shared secret, to our own webhook. */
	private int sendWebhook(PaymentRepository.Payment payment, String type, int port) {
		byte[] event = this.json.writeValueAsBytes(Map.of("id", "evt_sim_" + random(), "object", "event", "type", type,
				"created", this.clock.instant().getEpochSecond(), "data",
				Map.of("object", Map.of("id", payment.providerRef(), "object", "payment_intent", "amount",
						payment.amount(), "currency", payment.currency().toLowerCase(Locale.ROOT), "metadata",
						Map.of("orderId", payment.orderId().toString(), "paymentId", payment.id().toString())))));
		String signature = WebhookSignature.header(this.properties.webhookSecret(),
				this.clock.instant().getEpochSecond(), event);
		HttpRequest webhook = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/payments/webhook"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header(WebhookSignature.HEADER, signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(event))
			.build();
		try {
			return this.http.send(webhook, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			log.warn("Simulated provider could not deliver its webhook: {}", ex.getMessage());
			return 502;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 503;
		}
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

	private static String random() {
		byte[] bytes = new byte[12];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
