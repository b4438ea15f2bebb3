package io.ticketbooking.tickets;

import java.security.SecureRandom;

/**
 * Human-readable ticket codes: 12 characters of Crockford's base32 (no I, L, O or U, so
 * nothing reads as another character), 60 random bits, grouped like
 * {@code 7KQ2-M9XD-4HBT}. Unique by constraint.
 */
final class TicketCodes {

	static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	private static final SecureRandom RANDOM = new SecureRandom();

	private TicketCodes() {
	}

	static String next() {
		StringBuilder code = new StringBuilder(14);
		for (int i = 0; i < 12; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

}
