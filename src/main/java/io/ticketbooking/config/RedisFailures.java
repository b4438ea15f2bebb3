package io.ticketbooking.config;

import java.util.regex.Pattern;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.cluster.PartitionException;

/**
 * Tells a Redis that is briefly unavailable from a mistake of ours. A node killed, a
 * failover under way, a connection lost or a server still loading fail a command with one
 * of Lettuce's exceptions; so does a script with a bug. The first kind is a 503 the
 * client may retry, the second a 500 to look into.
 */
public final class RedisFailures {

	/**
	 * Error replies of a cluster or a server that is changing hands: no slot coverage
	 * while a replica is promoted, a slot in migration, a replica asked to write, a
	 * master without its replicas (min-replicas), a server loading its data.
	 */
	private static final Pattern UNAVAILABLE_REPLY = Pattern
		.compile("^(CLUSTERDOWN|TRYAGAIN|MOVED|ASK|READONLY|MASTERDOWN|NOREPLICAS|LOADING)\\b");

	private RedisFailures() {
	}

	/**
	 * Whether {@code failure}, or one of its causes, says Redis was unavailable; the
	 * command may or may not have run.
	 */
	public static boolean unavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException
					|| cause instanceof RedisCommandInterruptedException || cause instanceof RedisLoadingException
					|| cause instanceof RedisBusyException || cause instanceof PartitionException) {
				return true;
			}
			if (cause instanceof RedisCommandExecutionException reply) {
				return reply.getMessage() != null && UNAVAILABLE_REPLY.matcher(reply.getMessage()).find();
			}
			if (cause.getClass() == RedisException.class) {
				// Lettuce's own failures of a link: "Connection closed", "Currently not
				// connected", a cluster whose topology cannot be read
				return true;
			}
		}
		return false;
	}

}
