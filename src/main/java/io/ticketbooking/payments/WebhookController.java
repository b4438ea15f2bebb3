package io.ticketbooking.payments;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's webhook. The body is taken as raw bytes and its signature checked before
 * anything in it is read.
 */
@Tag(name = "payments")
@RestController
class WebhookController {

	private final WebhookSignature signature;

	private final WebhookProcessor processor;

	WebhookController(WebhookSignature signature, WebhookProcessor processor) {
		this.signature = signature;
		this.processor = processor;
	}

	@Operation(summary = "Payment provider events, Stripe format and signature (Stripe-Signature header)")
	@PostMapping("/api/v1/payments/webhook")
	Map<String, Object> receive(@RequestHeader(name = WebhookSignature.HEADER, required = false) String header,
			@RequestBody(required = false) byte[] body) {
		byte[] raw = (body != null) ? body : new byte[0];
		this.signature.verify(header, raw);
		this.processor.process(raw);
		return Map.of("received", true);
	}

}
