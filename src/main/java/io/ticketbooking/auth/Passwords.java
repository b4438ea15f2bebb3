package io.ticketbooking.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * bcrypt (cost 10: about 60 ms on this class of machine, so a login stays cheap and a
 * stolen hash stays expensive) and a list of passwords too common to accept.
 */
@Component
class Passwords {

	private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);

	private final Set<String> common;

	/** Compared against when the email is unknown, so both answers take the same time. */
	private final String dummyHash;

	Passwords() {
		try (InputStream in = Passwords.class.getResourceAsStream("common-passwords.txt")) {
			this.common = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map((line) -> line.toLowerCase(Locale.ROOT))
				.collect(Collectors.toUnmodifiableSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.dummyHash = this.encoder.encode("not-a-real-password-" + System.nanoTime());
	}

	/**
	 * bcrypt reads at most 72 bytes; it refuses longer input instead of truncating it.
	 */
	static final int MAX_BYTES = 72;

	String hash(String password) {
		return this.encoder.encode(password);
	}

	boolean matches(String password, String hash) {
		if (tooLong(password)) {
			// no stored password can be this long; still spend the same time as a real
			// check
			this.encoder.matches("x", this.dummyHash);
			return false;
		}
		return this.encoder.matches(password, (hash != null) ? hash : this.dummyHash);
	}

	static boolean tooLong(String password) {
		return password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
	}

	boolean tooCommon(String password) {
		return this.common.contains(password.toLowerCase(Locale.ROOT));
	}

}
