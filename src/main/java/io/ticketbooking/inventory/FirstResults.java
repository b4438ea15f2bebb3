package io.ticketbooking.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The first results of idempotency keys: read from the gate, and awaited without polling.
 * <p>
 * The scripts that end a keyed admission announce it on {@value #CHANNEL}:
 * {@code settle.lua} with the order id, {@code abort.lua} and {@code forget.lua} with
 * nothing (the key is gone); the message is {@code <order id or empty>|<Redis key>}.
 * Admissions without a key announce nothing. This instance keeps one subscription to the
 * channel and completes its waiters for that key. A waiter registers before it reads the
 * key, so an announcement made after the read cannot be lost; one made while the
 * subscription was down is caught when it is made again (every waiter then reads once
 * more) or when the waiter's bound runs out (it reads once more). A missed message costs
 * at most the bound, never a wrong answer.
 */
@Component
class FirstResults {

	static final String CHANNEL = "tb:first-result";

	/**
	 * What {@code reserve.lua} stores under a key while its first request runs (and
	 * {@code abort.lua} and {@code forget.lua} compare with), by its name.
	 */
	enum Stored {

		PENDING

	}

	private static final Logger log = LoggerFactory.getLogger(FirstResults.class);

	private final RedisScripts redis;

	/** Waiters of this instance by the Redis key they wait for. */
	private final Map<String, List<CompletableFuture<FirstResult>>> waiters = new ConcurrentHashMap<>();

	FirstResults(RedisScripts redis, RedisSubscriptions subscriptions) {
		this.redis = redis;
		subscriptions.add(CHANNEL, new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				announced(message);
			}

			@Override
			public void subscribed(String channel, long count) {
				FirstResults.this.waiters.keySet().forEach((name) -> announce(name, FirstResult.PENDING));
			}
		});
	}

	/**
	 * A key's stored value as a result: absent, {@code PENDING}, or the order id.
	 */
	static FirstResult parse(String stored) {
		if (stored == null) {
			return FirstResult.GONE;
		}
		if (Stored.PENDING.name().equals(stored)) {
			return FirstResult.PENDING;
		}
		return new FirstResult.Done(UUID.fromString(stored));
	}

	/** What the key says now (one GET). */
	FirstResult read(IdempotencyKey key) {
		return parse(this.redis.commands().get(key.redisKey()));
	}

	/**
	 * Waits for the key's first request to end, at most {@code bound}: answers
	 * {@link FirstResult.Done} or {@link FirstResult.Gone} as soon as that is announced,
	 * or {@link FirstResult#PENDING} when it is still running after the bound (or the
	 * thread was interrupted).
	 */
	FirstResult await(IdempotencyKey key, Duration bound) {
		String name = key.redisKey();
		long deadline = System.nanoTime() + bound.toNanos();
		while (true) {
			CompletableFuture<FirstResult> announced = listen(name);
			try {
				// read after registering: an announcement from now on reaches the waiter
				FirstResult now = read(key);
				if (!(now instanceof FirstResult.Pending)) {
					return now;
				}
				FirstResult heard = announced.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (!(heard instanceof FirstResult.Pending)) {
					return heard;
				}
				// (re)subscribed: an announcement may have been missed meanwhile; read
				// again
			}
			catch (TimeoutException ex) {
				// no announcement within the bound (or it was missed): the key decides
				return read(key);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return FirstResult.PENDING;
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
			finally {
				forget(name, announced);
			}
		}
	}

	private CompletableFuture<FirstResult> listen(String name) {
		CompletableFuture<FirstResult> announced = new CompletableFuture<>();
		this.waiters.compute(name, (k, list) -> {
			List<CompletableFuture<FirstResult>> all = (list != null) ? list : new ArrayList<>(2);
			all.add(announced);
			return all;
		});
		return announced;
	}

	private void forget(String name, CompletableFuture<FirstResult> announced) {
		this.waiters.computeIfPresent(name, (k, list) -> {
			list.remove(announced);
			return list.isEmpty() ? null : list;
		});
	}

	/** Completes every waiter of this key on this instance. */
	private void announce(String name, FirstResult result) {
		List<CompletableFuture<FirstResult>> waiting = this.waiters.remove(name);
		if (waiting != null) {
			waiting.forEach((w) -> w.complete(result));
		}
	}

	/**
	 * One announcement: {@code <order id or empty>|<Redis key>} (the key may contain
	 * {@code |}, the order id cannot).
	 */
	private void announced(String message) {
		int bar = message.indexOf('|');
		if (bar < 0) {
			return;
		}
		try {
			announce(message.substring(bar + 1),
					(bar == 0) ? FirstResult.GONE : new FirstResult.Done(UUID.fromString(message.substring(0, bar))));
		}
		catch (IllegalArgumentException ex) {
			log.debug("Ignored announcement on {}: {}", CHANNEL, message);
		}
	}

}
