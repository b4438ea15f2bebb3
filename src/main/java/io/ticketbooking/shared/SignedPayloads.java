package io.ticketbooking.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of webhooks, both ways (Stripe's): a header
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}. The payment
 * provider's webhooks to us are verified with it, and our webhooks to organizers signed.
 */
public final class SignedPayloads {

	private SignedPayloads() {
	}

	/** The header value that signs {@code body} at {@code timestamp}. */
	public static String header(String secret, long timestamp, byte[] body) {
		return "t=" + timestamp + ",v1="
				+ HexFormat.of().formatHex(mac(secret.getBytes(StandardCharsets.UTF_8), timestamp, body));
	}

	/** HMAC-SHA256 of {@code "<timestamp>."} followed by the body. */
	public static byte[] mac(byte[] secret, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
