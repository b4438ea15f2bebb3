package io.ticketbooking.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that verified until they expire, so a buyer who presses Buy again
 * costs a map lookup instead of an RSA verification. The key is the token itself, the
 * very string the remembered {@link Jwt} holds, so it takes no memory of its own; a
 * lookup is the string's hash and one comparison, where a SHA-256 of the token was 1.8 %
 * of a position read's samples (docs/benchmarks/20261201T043654Z-queue). An altered token
 * is another string: it misses and is verified (and refused) as usual. Bounded: when full
 * it drops expired entries, and if that is not enough, a quarter of the rest.
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
		Jwt cached = this.verified.get(token);
		Instant now = this.clock.instant();
		if (cached != null && cached.getExpiresAt() != null && now.isBefore(cached.getExpiresAt())) {
			return cached;
		}
		Jwt jwt = this.delegate.decode(token);
		if (this.verified.size() >= this.maxEntries) {
			this.verified.values().removeIf((entry) -> !now.isBefore(entry.getExpiresAt()));
			// still full: a quarter goes (in the map's hash order, so arbitrary
			// tokens), not everything: the rest of the crowd keeps its verification
			Iterator<String> keys = this.verified.keySet().iterator();
			for (int over = this.verified.size() - this.maxEntries * 3 / 4; over > 0 && keys.hasNext(); over--) {
				keys.next();
				keys.remove();
			}
		}
		if (jwt.getExpiresAt() != null) {
			this.verified.put(jwt.getTokenValue(), jwt);
		}
		return jwt;
	}

	/** Whether {@code token} is remembered now (for tests of the bound). */
	boolean remembers(String token) {
		return this.verified.containsKey(token);
	}

	/** How many tokens are remembered now (for tests of the bound). */
	int size() {
		return this.verified.size();
	}

}
