package io.ticketbooking.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.ticketbooking.config.RedisConnections;
import io.ticketbooking.config.RedisConnections.Master;
import io.ticketbooking.config.RedisLink;

import org.springframework.stereotype.Component;

/**
 * The inventory's own Lettuce connection: one shared, multiplexed connection and plain
 * EVALSHA calls, with no template or serializer on the hot path (the client side of a
 * Redis call costs far more than Redis's own work: docs/benchmarks.md, "Floors measured
 * before the service"). On a Redis Cluster each call goes to the node serving its keys'
 * slot; all keys of one call share a hash tag.
 */
@Component
class RedisScripts implements AutoCloseable {

	enum Script {

		RESERVE("reserve.lua"), ABORT("abort.lua"), SETTLE("settle.lua"), RETURN("return.lua"), LOAD("load.lua"),
		FORGET("forget.lua");

		private final String source;

		Script(String file) {
			try (InputStream in = RedisScripts.class.getResourceAsStream(file)) {
				this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private final RedisConnections connections;

	/** Opened on first use, so a Redis that is slow to answer does not stop the start. */
	private volatile RedisLink<String, String> connection;

	private final String[] shas = new String[Script.values().length];

	RedisScripts(RedisConnections connections) {
		this.connections = connections;
		for (Script script : Script.values()) {
			this.shas[script.ordinal()] = sha1(script.source);
		}
	}

	private RedisLink<String, String> connection() {
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

	private static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	RedisClusterCommands<String, String> commands() {
		return connection().sync();
	}

	RedisClusterAsyncCommands<String, String> async() {
		return connection().async();
	}

	/** The masters serving now, with the replication ids of their data. */
	List<Master> masters() {
		return this.connections.masters();
	}

	/** Runs a script that answers with a list. */
	List<Object> list(Script script, String[] keys, String... args) {
		return run(script, ScriptOutputType.MULTI, keys, args);
	}

	/** Runs a script that answers with a string. */
	String string(Script script, String[] keys, String... args) {
		return run(script, ScriptOutputType.VALUE, keys, args);
	}

	/** Runs a script that answers with an integer. */
	long integer(Script script, String[] keys, String... args) {
		Long result = run(script, ScriptOutputType.INTEGER, keys, args);
		return (result != null) ? result : 0;
	}

	/**
	 * Runs a script by its digest; a server that does not know it yet (restarted, or a
	 * replica promoted after a failover) gets its source, which it keeps from then on.
	 */
	private <T> T run(Script script, ScriptOutputType type, String[] keys, String... args) {
		String sha = this.shas[script.ordinal()];
		RedisClusterCommands<String, String> redis = commands();
		try {
			return redis.evalsha(sha, type, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return redis.eval(script.source, type, keys, args);
		}
	}

	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
		}
	}

}
