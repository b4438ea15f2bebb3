package io.ticketbooking.config;

/**
 * A module's own multiplexed Redis connection, opened on first use, so that a Redis slow
 * to answer does not stop the start.
 */
public final class SharedRedisLink implements AutoCloseable {

	private final RedisConnections connections;

	private volatile RedisLink<String, String> connection;

	public SharedRedisLink(RedisConnections connections) {
		this.connections = connections;
	}

	public RedisLink<String, String> get() {
		RedisLink<String, String> connection = this.connection;
		if (connection == null) {
			synchronized (this) {
				if (this.connection == null) {
					this.connection = this.connections.connect();
				}
				connection = this.connection;
			}
		}
		return connection;
	}

	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
