package io.ticketbooking.inventory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub channel this instance listens on, on a connection of its own. It is
 * made by {@link #ensure()}, which its owner calls at start and then in the background
 * while Redis cannot be reached (never on a request's path); once made, Lettuce
 * reconnects and resubscribes by itself.
 */
final class RedisSubscription implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);

	private final RedisClient client;

	private final String channel;

	private final RedisPubSubListener<String, String> listener;

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	RedisSubscription(RedisClient client, String channel, RedisPubSubListener<String, String> listener) {
		this.client = client;
		this.channel = channel;
		this.listener = listener;
	}

	/** Whether the subscription has been made (Lettuce keeps it from then on). */
	boolean active() {
		return this.connection != null;
	}

	/**
	 * Subscribes unless done already; when Redis cannot be reached, the next call tries
	 * again.
	 */
	void ensure() {
		if (this.connection != null) {
			return;
		}
		synchronized (this) {
			if (this.connection != null) {
				return;
			}
			StatefulRedisPubSubConnection<String, String> made = null;
			try {
				made = this.client.connectPubSub();
				made.addListener(this.listener);
				made.sync().subscribe(this.channel);
				this.connection = made;
			}
			catch (RuntimeException ex) {
				log.debug("Not subscribed to {} yet: {}", this.channel, ex.toString());
				if (made != null) {
					made.closeAsync();
				}
			}
		}
	}

	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
