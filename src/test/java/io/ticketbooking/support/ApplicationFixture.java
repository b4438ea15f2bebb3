package io.ticketbooking.support;

import io.ticketbooking.auth.AccessTokens;
import io.ticketbooking.config.RedisConnections;
import io.ticketbooking.config.RedisLink;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every test of the running application starts from: the port it listens on and an
 * HTTP client for it, its database and transactions, its Redis, and accounts and events
 * to work with. Fixtures and tests annotated with {@link IntegrationTest} extend it.
 */
public abstract class ApplicationFixture {

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected TransactionTemplate transactions;

	@Autowired
	protected ApplicationEventPublisher publisher;

	@Autowired
	protected AccessTokens accessTokens;

	@Autowired
	private RedisConnections redisConnections;

	private Http http;

	/**
	 * The test's client for the application, as any outside client talks to it: one per
	 * test, so that a burst of requests shares one connection pool and selector instead
	 * of starting a client (and its threads) per request.
	 */
	protected synchronized Http http() {
		if (this.http == null) {
			this.http = new Http(this.port);
		}
		return this.http;
	}

	protected TestAccounts accounts() {
		return new TestAccounts(this.jdbc, this.accessTokens);
	}

	protected TestEvents events() {
		return new TestEvents(this.jdbc, this.transactions, this.publisher);
	}

	/**
	 * A new connection from the application's own Redis client (a single server or a
	 * cluster); the caller closes it.
	 */
	protected RedisLink<String, String> redis() {
		return this.redisConnections.connect();
	}

	/** Direct looks at the gate in the application's Redis. */
	protected RedisGate redisGate() {
		return new RedisGate(this::redis, RedisGate.eventsIn(this.jdbc));
	}

}
