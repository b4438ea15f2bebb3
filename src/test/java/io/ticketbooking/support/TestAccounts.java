package io.ticketbooking.support;

import java.util.List;
import java.util.UUID;

import io.ticketbooking.auth.AccessTokens;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Users for tests that are not about accounts: a row in {@code users} and a real signed
 * access token, without the cost of password hashing.
 */
public final class TestAccounts {

	private final JdbcClient jdbc;

	private final AccessTokens tokens;

	public TestAccounts(JdbcClient jdbc, AccessTokens tokens) {
		this.jdbc = jdbc;
		this.tokens = tokens;
	}

	public record Account(UUID id, String email, String token) {
	}

	/** An account whose address is verified, and a token that says so. */
	public Account create(String... roles) {
		return insert(null, roles);
	}

	/**
	 * A customer named {@code fullName} (for what shows a buyer's name: mails, exports),
	 * verified like {@link #create(String...)}.
	 */
	public Account named(String fullName) {
		return insert(fullName);
	}

	private Account insert(String fullName, String... roles) {
		UUID id = UUID.randomUUID();
		String email = "user-" + id + "@test.example";
		List<String> granted = (roles.length == 0) ? List.of("CUSTOMER") : List.of(roles);
		this.jdbc
			.sql("insert into users (id, email, password_hash, full_name, roles, email_verified_at) "
					+ "values (:id, :email, 'not-a-login-account', :name, :roles, now())")
			.param("id", id)
			.param("email", email)
			.param("name", (fullName != null) ? fullName : "Test " + id.toString().substring(0, 8))
			.param("roles", granted.toArray(String[]::new))
			.update();
		return new Account(id, email, this.tokens.issueVerified(id, email, granted).value());
	}

}
