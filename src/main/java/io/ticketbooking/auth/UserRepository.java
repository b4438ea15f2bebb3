package io.ticketbooking.auth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

	private static final String COLUMNS = "id, email, password_hash, full_name, roles, avatar_key, created_at, "
			+ "email_verified_at";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the user; false when the email is taken (in any case). */
	boolean insert(User user) {
		return this.jdbc.sql("""
				insert into users (id, email, password_hash, full_name, roles, created_at, email_verified_at)
				values (:id, :email, :hash, :name, :roles, :createdAt, :verifiedAt) on conflict do nothing
				""")
			.param("verifiedAt", (user.emailVerifiedAt() != null) ? Timestamp.from(user.emailVerifiedAt()) : null,
					Types.TIMESTAMP)
			.param("id", user.id())
			.param("email", user.email())
			.param("hash", user.passwordHash())
			.param("name", user.fullName())
			.param("createdAt", Timestamp.from(user.createdAt()))
			.param("roles", user.roles().toArray(String[]::new))
			.update() == 1;
	}

	Optional<User> findByEmail(String email) {
		return this.jdbc.sql("select " + COLUMNS + " from users where lower(email) = lower(:email)")
			.param("email", email)
			.query(UserRepository::user)
			.optional();
	}

	Optional<User> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from users where id = :id")
			.param("id", id)
			.query(UserRepository::user)
			.optional();
	}

	Map<UUID, UserDirectory.Contact> contacts(Collection<UUID> ids) {
		Map<UUID, UserDirectory.Contact> contacts = new HashMap<>();
		if (ids.isEmpty()) {
			return contacts;
		}
		this.jdbc.sql("select id, full_name, email from users where id = any(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query((rs) -> {
				contacts.put(rs.getObject("id", UUID.class),
						new UserDirectory.Contact(rs.getString("full_name"), rs.getString("email")));
			});
		return contacts;
	}

	Optional<User> rename(UUID id, String fullName) {
		return this.jdbc
			.sql("update users set full_name = :name, updated_at = now() where id = :id returning " + COLUMNS)
			.param("id", id)
			.param("name", fullName)
			.query(UserRepository::user)
			.optional();
	}

	Optional<User> grantRoles(UUID id, List<String> roles) {
		return this.jdbc
			.sql("""
					update users set roles = (select array_agg(distinct r order by r) from unnest(roles || :roles::text[]) r),
					       updated_at = now()
					where id = :id returning\s"""
					+ COLUMNS)
			.param("id", id)
			.param("roles", roles.toArray(String[]::new))
			.query(UserRepository::user)
			.optional();
	}

	/** Points the user at a new avatar object and answers the previous key. */
	/**
	 * Marks the address verified, if the account still has it; answers the account as it
	 * is now.
	 */
	Optional<User> markVerified(UUID id, String email, Instant at) {
		return this.jdbc
			.sql("update users set email_verified_at = coalesce(email_verified_at, :at), updated_at = now() "
					+ "where id = :id and lower(email) = lower(:email) returning " + COLUMNS)
			.param("at", Timestamp.from(at))
			.param("id", id)
			.param("email", email)
			.query(UserRepository::user)
			.optional();
	}

	Optional<String> replaceAvatar(UUID id, String key) {
		return this.jdbc.sql("""
				update users u set avatar_key = :key, updated_at = now()
				from (select avatar_key from users where id = :id for update) old
				where u.id = :id returning old.avatar_key
				""").param("id", id).param("key", key).query((rs, n) -> Optional.ofNullable(rs.getString(1))).single();
	}

	private static User user(ResultSet rs, int row) throws SQLException {
		Array roles = rs.getArray("roles");
		return new User(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("password_hash"),
				rs.getString("full_name"), Arrays.asList((String[]) roles.getArray()), rs.getString("avatar_key"),
				rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("email_verified_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
