package io.ticketbooking.queue;

import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.ticketbooking.config.LuaScript;
import io.ticketbooking.config.RedisConnections;
import io.ticketbooking.config.SharedRedisLink;

import org.springframework.stereotype.Component;

/** The waiting room's own Redis connection and scripts: one round trip per call. */
@Component
class QueueRedis implements AutoCloseable {

	enum Script {

		CONFIGURE("configure.lua"), JOIN("join.lua"), STATUS("status.lua"), FREEZE("freeze.lua"), OPEN("open.lua"),
		ADMIT("admit.lua"), ADMITTED("admitted.lua"), LEASE("lease.lua"), RELEASE("release.lua");

		private final LuaScript lua;

		Script(String file) {
			this.lua = LuaScript.load(QueueRedis.class, file);
		}

	}

	private final SharedRedisLink connection;

	QueueRedis(RedisConnections connections) {
		this.connection = new SharedRedisLink(connections);
	}

	RedisClusterCommands<String, String> commands() {
		return this.connection.get().sync();
	}

	List<Object> list(Script script, String[] keys, String... args) {
		return script.lua.run(commands(), ScriptOutputType.MULTI, keys, args);
	}

	String string(Script script, String[] keys, String... args) {
		return script.lua.run(commands(), ScriptOutputType.VALUE, keys, args);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
