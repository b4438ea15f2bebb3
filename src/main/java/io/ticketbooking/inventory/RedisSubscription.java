package io.ticketbooking.inventory;

import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ticketbooking.config.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub channel this instance listens on, on a connection of its own. It is
 * made by {@link #ensure()}, which its owner calls at start and then in the background
 * (never on a request's path). Once made, Lettuce reconnects and resubscribes by itself;
 * a connection found down at two looks in a row (its node may be gone for good, as a
 * cluster master after a failover) is replaced by a new one, which the client opens to a
 * node that answers.
 */
final class RedisSubscription implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);

	private final RedisConnections connections;

	private final String channel;

	private final RedisPubSubListener<String, String> listener;

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	/** Whether the last look found the connection down. */
	private volatile boolean downBefore;

	RedisSubscription(RedisConnections connections, String channel, RedisPubSubListener<String, String> listener) {
		this.connections = connections;
		this.channel = channel;
		this.listener = listener;
	}

	/** Whether the subscription is made and its connection is up. */
	boolean active() {
		StatefulRedisPubSubConnection<String, String> connection = this.connection;
		return connection != null && connection.isOpen();
	}

	/**
	 * Subscribes unless done already, and again on a new connection when the last one
	 * stayed down; when Redis cannot be reached, the next call tries again.
	 */
	void ensure() {
		if (active()) {
			this.downBefore = false;
			return;
		}
		synchronized (this) {
			StatefulRedisPubSubConnection<String, String> current = this.connection;
			if (current != null) {
				if (current.isOpen() || !this.downBefore) {
					// up again, or down for the first time: Lettuce reconnects by itself
					this.downBefore = !current.isOpen();
					return;
				}
				log.info("Subscription to {} stayed down; subscribing on a new connection", this.channel);
				this.connection = null;
				this.downBefore = false;
				current.closeAsync();
			}
			StatefulRedisPubSubConnection<String, String> made = null;
			try {
				made = this.connections.connectPubSub();
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
