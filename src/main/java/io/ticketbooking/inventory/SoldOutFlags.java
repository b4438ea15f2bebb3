package io.ticketbooking.inventory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.pubsub.RedisPubSubAdapter;

import org.springframework.stereotype.Component;

/**
 * Which ticket types this instance knows to be sold out, so that the many refusals of a
 * sold-out sale are answered without a Redis round trip. A flag is set only from the
 * gate's own answer (stock 0), cleared at once when stock comes back (the scripts that
 * return units publish the ticket type on {@value #CHANNEL}; this instance also clears
 * before it returns units itself), and expires after {@link #TTL_NANOS} in any case, so a
 * lost message leaves a sold-out answer stale for at most that long. A stale "sold out"
 * only delays a buyer; Redis and PostgreSQL still decide every admission.
 */
@Component
class SoldOutFlags {

	static final String CHANNEL = "tb:stock-back";

	static final long TTL_NANOS = 1_000_000_000L;

	private record Flag(UUID eventId, long until) {
	}

	private final Map<UUID, Flag> flags = new ConcurrentHashMap<>();

	/**
	 * Bumped by every clear; an answer read before a clear must not set a flag after it.
	 */
	private final AtomicLong clears = new AtomicLong();

	private final RedisSubscription subscription;

	SoldOutFlags(RedisSubscriptions subscriptions) {
		this.subscription = subscriptions.add(CHANNEL, new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				try {
					clear(UUID.fromString(message));
				}
				catch (IllegalArgumentException ex) {
					clearAll();
				}
			}

			@Override
			public void subscribed(String channel, long count) {
				// (re)subscribed: what was sent while the connection was down went
				// unheard
				clearAll();
			}
		});
	}

	/** Whether the ticket type of this event is known to be sold out right now. */
	boolean soldOut(UUID ticketTypeId, UUID eventId) {
		Flag flag = this.flags.get(ticketTypeId);
		if (flag == null) {
			return false;
		}
		if (System.nanoTime() - flag.until() > 0) {
			this.flags.remove(ticketTypeId, flag);
			return false;
		}
		return flag.eventId().equals(eventId);
	}

	/** A token to pass to {@link #set}: taken before asking the gate. */
	long version() {
		return this.clears.get();
	}

	/** The gate said stock 0; ignored if stock came back since {@code version}. */
	void set(UUID ticketTypeId, UUID eventId, long version) {
		if (!this.subscription.active()) {
			return;
		}
		this.flags.put(ticketTypeId, new Flag(eventId, System.nanoTime() + TTL_NANOS));
		if (this.clears.get() != version) {
			this.flags.remove(ticketTypeId);
		}
	}

	/** Stock of the ticket type came back (here, or on another instance). */
	void clear(UUID ticketTypeId) {
		this.clears.incrementAndGet();
		this.flags.remove(ticketTypeId);
	}

	/** Every flag goes (a rebuild of everything, a lost subscription). */
	void clearAll() {
		this.clears.incrementAndGet();
		this.flags.clear();
	}

}
