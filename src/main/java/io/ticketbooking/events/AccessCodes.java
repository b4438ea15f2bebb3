package io.ticketbooking.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Presale access codes as text: how a code is written, drawn and hashed. A code is stored
 * and looked up by its hash (SHA-256 of the event id and the normalised code), so the
 * gate never holds one in plain text; codes the service draws are unguessable (80 random
 * bits).
 */
public final class AccessCodes {

	/**
	 * Crockford's base 32: no I, L, O or U, so a code read aloud or typed is unambiguous.
	 */
	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	/** 16 symbols of 5 bits: 80 random bits. */
	private static final int LENGTH = 16;

	private static final SecureRandom RANDOM = new SecureRandom();

	private AccessCodes() {
	}

	/**
	 * The code as compared: trimmed, upper case, without the hyphens that group a drawn
	 * code for reading.
	 */
	public static String normalise(String code) {
		return code.trim().replace("-", "").toUpperCase(Locale.ROOT);
	}

	/** The hash under which the event's code is stored and looked up (hex). */
	public static String hash(UUID eventId, String code) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(eventId.toString().getBytes(StandardCharsets.US_ASCII));
			sha.update((byte) ':');
			return HexFormat.of().formatHex(sha.digest(normalise(code).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** A new unguessable code, grouped by hyphens as XXXX-XXXX-XXXX-XXXX. */
	static String draw() {
		StringBuilder code = new StringBuilder(LENGTH + 3);
		for (int i = 0; i < LENGTH; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return code.toString();
	}

}
