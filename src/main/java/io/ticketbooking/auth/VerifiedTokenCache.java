package io.ticketbooking.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that verified, keyed by a SHA-256 of the token, until they expire, so
 * a buyer who presses Buy again costs a map lookup instead of an RSA verification.
 * Bounded: when full it drops expired entries, and if that is not enough, a quarter of
 * the rest.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder delegate;

	private final int maxEntries;

	private final Clock clock;

	private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

	VerifiedTokenCache(JwtDecoder delegate, int maxEntries, Clock clock) {
		this.delegate = delegate;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		String key = sha256(token);
		Jwt cached = this.verified.get(key);
		Instant now = this.clock.instant();
		if (cached != null && cached.getExpiresAt() != null && now.isBefore(cached.getExpiresAt())) {
			return cached;
		}
		Jwt jwt = this.delegate.decode(token);
		if (this.verified.size() >= this.maxEntries) {
			this.verified.values().removeIf((entry) -> !now.isBefore(entry.getExpiresAt()));
			// still full: a quarter goes (in the map's hash order, so arbitrary tokens),
			// not
			// everything: the rest of the crowd keeps its verification
			Iterator<String> keys = this.verified.keySet().iterator();
			for (int over = this.verified.size() - this.maxEntries * 3 / 4; over > 0 && keys.hasNext(); over--) {
				keys.next();
				keys.remove();
			}
		}
		if (jwt.getExpiresAt() != null) {
			this.verified.put(key, jwt);
		}
		return jwt;
	}

	/** Whether {@code token} is remembered now (for tests of the bound). */
	boolean remembers(String token) {
		return this.verified.containsKey(sha256(token));
	}

	/** How many tokens are remembered now (for tests of the bound). */
	int size() {
		return this.verified.size();
	}

	private static String sha256(String token) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
