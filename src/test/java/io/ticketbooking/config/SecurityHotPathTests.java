package io.ticketbooking.config;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path's loops decide exactly as the regular expressions they replace: Spring
 * Security's {@code DefaultBearerTokenResolver} (RFC 6750 b64token) and
 * {@code StrictHttpFirewall}'s default header rule (assigned, not a control character),
 * over edge cases and many random strings of ASCII, controls, unassigned and
 * supplementary code points.
 */
class SecurityHotPathTests {

	private static final Pattern TOKEN68 = Pattern.compile("^[a-zA-Z0-9-._~+/]+=*$");

	private static final Pattern HEADER = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final List<String> EDGES = List.of("", "=", "==", "a", "a=", "a==", "=a", "a=b", "abc.DEF-_~+/09==",
			"a b", "a\tb", "a\u0000", "\u007f", "\u0080", "caf\u00e9", "\u0378", "\ud83d\ude00", "\ud83d", "x\ude00",
			"\u00a0", "\ufffe", "\u2028", " ", "~", "%", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");

	@Test
	void bothLoopsDecideAsTheExpressionsTheyReplace() {
		List<String> values = new ArrayList<>(EDGES);
		SplittableRandom random = new SplittableRandom(20261201);
		int[] alphabet = { 'a', 'Z', '5', '-', '.', '_', '~', '+', '/', '=', ' ', '\t', 0, 0x7f, 0x80, 0x9f, 0xa0, 0xe9,
				0x378, 0x2028, 0xfffe, 0x1f600, 0xd800, 0xdc00, 0xe0001, 0x10ffff };
		for (int n = 0; n < 20_000; n++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(12);
			for (int i = 0; i < length; i++) {
				value.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
			}
			values.add(value.toString());
		}

		for (String value : values) {
			assertThat(SecurityHotPath.isToken68(value)).as("b64token %s", escaped(value))
				.isEqualTo(TOKEN68.matcher(value).matches());
			assertThat(SecurityHotPath.assignedAndNotControl(value)).as("header value %s", escaped(value))
				.isEqualTo(HEADER.matcher(value).matches());
		}
	}

	private static String escaped(String value) {
		StringBuilder out = new StringBuilder();
		value.chars().forEach((c) -> out.append(String.format("\\u%04x", c)));
		return out.toString();
	}

}
