package io.ticketbooking.payments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.ticketbooking.shared.SignedPayloads;

/**
 * Stripe's webhook signature scheme: header
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}.
 * The MAC covers the raw body bytes exactly as received; several {@code v1} values may be
 * present (the provider rotates its secret) and one match is enough.
 */
final class WebhookSignature {

	static final String HEADER = "Stripe-Signature";

	private final byte[] secret;

	private final Duration tolerance;

	private final Clock clock;

	WebhookSignature(String secret, Duration tolerance, Clock clock) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Throws {@link PaymentProblems.InvalidSignature} unless the header signs the body.
	 */
	void verify(String header, byte[] body) {
		if (header == null || header.isBlank()) {
			throw new PaymentProblems.InvalidSignature("the Stripe-Signature header is missing");
		}
		Long timestamp = null;
		List<byte[]> signatures = new ArrayList<>();
		for (String part : header.split(",")) {
			int eq = part.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String key = part.substring(0, eq).trim();
			String value = part.substring(eq + 1).trim();
			if (key.equals("t")) {
				timestamp = parseTimestamp(value);
			}
			else if (key.equals("v1") && value.length() == 64) {
				try {
					signatures.add(HexFormat.of().parseHex(value));
				}
				catch (IllegalArgumentException ex) {
					// not hex: cannot match, ignore like any unknown scheme
				}
			}
		}
		if (timestamp == null || signatures.isEmpty()) {
			throw new PaymentProblems.InvalidSignature("it needs a timestamp t and at least one v1 signature");
		}
		long age = this.clock.instant().getEpochSecond() - timestamp;
		if (Math.abs(age) > this.tolerance.toSeconds()) {
			throw new PaymentProblems.InvalidSignature("its timestamp is outside the tolerance");
		}
		byte[] expected = SignedPayloads.mac(this.secret, timestamp, body);
		boolean matched = false;
		for (byte[] candidate : signatures) {
			// no early exit: every candidate is compared in constant time
			matched |= MessageDigest.isEqual(expected, candidate);
		}
		if (!matched) {
			throw new PaymentProblems.InvalidSignature("no v1 signature matches");
		}
	}

	private static Long parseTimestamp(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
