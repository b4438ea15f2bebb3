package io.ticketbooking.inventory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubListener;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Redis channels this instance listens on (stock back, first results): each is
 * subscribed at start, and tried again every 5 s while Redis cannot be reached, never on
 * a request's path. Until a subscription is made its owner answers without it (no
 * sold-out flag is set; a waiter waits out its bound).
 */
@Component
class RedisSubscriptions implements AutoCloseable {

	private final RedisClient client;

	private final List<RedisSubscription> subscriptions = new CopyOnWriteArrayList<>();

	RedisSubscriptions(LettuceConnectionFactory factory) {
		this.client = (RedisClient) factory.getRequiredNativeClient();
	}

	/** A channel to listen on, subscribed from the application's start on. */
	RedisSubscription add(String channel, RedisPubSubListener<String, String> listener) {
		RedisSubscription subscription = new RedisSubscription(this.client, channel, listener);
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
