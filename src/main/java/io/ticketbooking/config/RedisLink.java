package io.ticketbooking.config;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * One multiplexed connection to Redis, a single server or a cluster: the commands both
 * share. On a cluster each command goes to the node that serves its key's slot, and a
 * script's keys must share one slot (every key of a ticket type carries the same hash
 * tag).
 *
 * @param connection the underlying connection
 * @param sync commands that wait for their answer
 * @param async commands that answer with a future (pipelined when sent together)
 */
public record RedisLink<K, V>(StatefulConnection<K, V> connection, RedisClusterCommands<K, V> sync,
		RedisClusterAsyncCommands<K, V> async) implements AutoCloseable {

	@Override
	public void close() {
		this.connection.close();
	}

}
