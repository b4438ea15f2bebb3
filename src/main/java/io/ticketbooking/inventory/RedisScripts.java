package io.ticketbooking.inventory;

import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.ticketbooking.config.LuaScript;
import io.ticketbooking.config.RedisConnections;
import io.ticketbooking.config.RedisConnections.Master;
import io.ticketbooking.config.SharedRedisLink;

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
		FORGET("forget.lua"), CODES("codes.lua"), CODE_SYNC("code-sync.lua");

		private final LuaScript lua;

		Script(String file) {
			this.lua = LuaScript.load(RedisScripts.class, file);
		}

	}

	private final RedisConnections connections;

	private final SharedRedisLink connection;

	RedisScripts(RedisConnections connections) {
		this.connections = connections;
		this.connection = new SharedRedisLink(connections);
	}

	RedisClusterCommands<String, String> commands() {
		return this.connection.get().sync();
	}

	RedisClusterAsyncCommands<String, String> async() {
		return this.connection.get().async();
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

	private <T> T run(Script script, ScriptOutputType type, String[] keys, String... args) {
		return script.lua.run(commands(), type, keys, args);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
