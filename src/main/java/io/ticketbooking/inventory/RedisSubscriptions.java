package io.ticketbooking.inventory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.pubsub.RedisPubSubListener;
import io.ticketbooking.config.RedisConnections;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Redis channels this instance listens on (stock back, first results): each is
 * subscribed at start, and looked at again every 5 s: made while Redis cannot be reached,
 * made anew when its connection stayed down (never on a request's path). Until a
 * subscription is made its owner answers without it (no sold-out flag is set; a waiter
 * waits out its bound).
 */
@Component
class RedisSubscriptions implements AutoCloseable {

	private final RedisConnections connections;

	private final List<RedisSubscription> subscriptions = new CopyOnWriteArrayList<>();

	RedisSubscriptions(RedisConnections connections) {
		this.connections = connections;
	}

	/** A channel to listen on, subscribed from the application's start on. */
	RedisSubscription add(String channel, RedisPubSubListener<String, String> listener) {
		RedisSubscription subscription = new RedisSubscription(this.connections, channel, listener);
		this.subscriptions.add(subscription);
		return subscription;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Scheduled(fixedDelay = 5, timeUnit = TimeUnit.SECONDS, initialDelay = 5)
	void subscribe() {
		this.subscriptions.forEach(RedisSubscription::ensure);
	}

	@Override
	public void close() {
		this.subscriptions.forEach(RedisSubscription::close);
	}

}
