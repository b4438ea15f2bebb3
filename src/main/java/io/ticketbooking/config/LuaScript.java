package io.ticketbooking.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A Lua script read from the classpath, called by its digest: a server that does not know
 * it yet (restarted, or a replica promoted after a failover) gets its source, which it
 * keeps from then on.
 */
public final class LuaScript {

	private final String source;

	private final String sha;

	private LuaScript(String source) {
		this.source = source;
		this.sha = sha1(source);
	}

	/** The script {@code file} next to {@code owner} on the classpath. */
	public static LuaScript load(Class<?> owner, String file) {
		try (InputStream in = owner.getResourceAsStream(file)) {
			if (in == null) {
				throw new IllegalStateException("No script " + file + " next to " + owner.getName());
			}
			return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public <T> T run(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
		try {
			return redis.evalsha(this.sha, type, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return redis.eval(this.source, type, keys, args);
		}
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

}
