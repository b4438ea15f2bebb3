package io.ticketbooking.support;

import io.ticketbooking.auth.AccessTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every test of the running application starts from: the port it listens on, an HTTP
 * client for it, its database, and accounts to call it with. Fixtures and tests annotated
 * with {@link IntegrationTest} extend it.
 */
public abstract class ApplicationFixture {

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected AccessTokens accessTokens;

	/** A new client for the application, as any outside client talks to it. */
	protected Http http() {
		return new Http(this.port);
	}

	protected TestAccounts accounts() {
		return new TestAccounts(this.jdbc, this.accessTokens);
	}

}
