package io.ticketbooking.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The endpoints organizers registered ({@code webhook_endpoints}). */
@Repository
class WebhookEndpoints {

	private static final String COLUMNS = "id, organizer_id, url, event_types, secret, created_at";

	private final JdbcClient jdbc;

	WebhookEndpoints(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An organizer's endpoint; the secret signs its deliveries. */
	record Endpoint(UUID id, UUID organizerId, String url, List<String> eventTypes, String secret, Instant createdAt) {
	}

	void insert(Endpoint endpoint) {
		this.jdbc.sql("""
				insert into webhook_endpoints (id, organizer_id, url, event_types, secret, created_at)
				values (:id, :organizer, :url, :types, :secret, :created)
				""")
			.param("id", endpoint.id())
			.param("organizer", endpoint.organizerId())
			.param("url", endpoint.url())
			.param("types", endpoint.eventTypes().toArray(String[]::new))
			.param("secret", endpoint.secret())
			.param("created", Timestamp.from(endpoint.createdAt()))
			.update();
	}

	List<Endpoint> ofOrganizer(UUID organizerId) {
		return this.jdbc
			.sql("select " + COLUMNS
					+ " from webhook_endpoints where organizer_id = :organizer order by created_at, id")
			.param("organizer", organizerId)
			.query(WebhookEndpoints::endpoint)
			.list();
	}

	int countOfOrganizer(UUID organizerId) {
		return this.jdbc.sql("select count(*) from webhook_endpoints where organizer_id = :organizer")
			.param("organizer", organizerId)
			.query(Integer.class)
			.single();
	}

	Optional<Endpoint> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = :id")
			.param("id", id)
			.query(WebhookEndpoints::endpoint)
			.optional();
	}

	/** The organizer's endpoints that want events of this type. */
	List<UUID> subscribed(UUID organizerId, WebhookEventType type) {
		return this.jdbc.sql("""
				select id from webhook_endpoints where organizer_id = :organizer and :type = any(event_types)
				""").param("organizer", organizerId).param("type", type.wireName()).query(UUID.class).list();
	}

	/** Deletes the endpoint with its deliveries and their log. */
	boolean delete(UUID id) {
		return this.jdbc.sql("delete from webhook_endpoints where id = :id").param("id", id).update() == 1;
	}

	private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
		return new Endpoint(rs.getObject("id", UUID.class), rs.getObject("organizer_id", UUID.class),
				rs.getString("url"), List.of((String[]) rs.getArray("event_types").getArray()), rs.getString("secret"),
				rs.getTimestamp("created_at").toInstant());
	}

}
