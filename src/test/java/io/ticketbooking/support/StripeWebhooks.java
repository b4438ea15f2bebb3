package io.ticketbooking.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook events the way Stripe builds and signs them, written independently of the
 * application's verifier so the tests check it against the published scheme.
 */
public final class StripeWebhooks {

	private final String secret;

	public StripeWebhooks(String secret) {
		this.secret = secret;
	}

	/** A new event id, shaped as the provider's are. */
	public static String newEventId() {
		return "evt_" + UUID.randomUUID().toString().replace("-", "");
	}

	/** A {@code payment_intent.*} event body. */
	public static byte[] event(String eventId, String type, String intentId, long amount, String currency,
			UUID orderId) {
		return Json
			.write(Map.of("id", eventId, "object", "event", "type", type, "data",
					Map.of("object",
							Map.of("id", intentId, "object", "payment_intent", "amount", amount, "currency", currency,
									"metadata", Map.of("orderId", orderId.toString())))))
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The delivery of a webhook body, with the {@code Stripe-Signature} given, or none
	 * when it is null.
	 */
	public static Http.Call delivery(Http http, byte[] body, String signature) {
		Http.Call call = http.send("POST", "/api/v1/payments/webhook", "application/json", body);
		return (signature != null) ? call.header("Stripe-Signature", signature) : call;
	}

	/** The delivery of a webhook body signed with this secret, now. */
	public Http.Call signedDelivery(Http http, byte[] body) {
		return delivery(http, body, signature(body));
	}

	public String signature(byte[] body) {
		return signature(body, Instant.now().getEpochSecond());
	}

	public String signature(byte[] body, long timestamp) {
		return "t=" + timestamp + ",v1=" + hmac(this.secret, timestamp, body);
	}

	public static String hmac(String secret, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
