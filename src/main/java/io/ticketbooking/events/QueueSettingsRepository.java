package io.ticketbooking.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Events' waiting-room settings ({@code event_queues}). */
@Repository
class QueueSettingsRepository {

	private static final String COLUMNS = "event_id, pre_queue_opens_at, rate_per_minute, admission_window_seconds, "
			+ "refuse_new_accounts";

	private final JdbcClient jdbc;

	QueueSettingsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void save(QueueSettings settings) {
		this.jdbc.sql("""
				insert into event_queues (event_id, pre_queue_opens_at, rate_per_minute, admission_window_seconds,
				    refuse_new_accounts)
				values (:event, :opens, :rate, :window, :refuse)
				on conflict (event_id) do update set pre_queue_opens_at = excluded.pre_queue_opens_at,
				    rate_per_minute = excluded.rate_per_minute,
				    admission_window_seconds = excluded.admission_window_seconds,
				    refuse_new_accounts = excluded.refuse_new_accounts, updated_at = now()
				""")
			.param("event", settings.eventId())
			.param("opens", Timestamp.from(settings.preQueueOpensAt()))
			.param("rate", settings.ratePerMinute())
			.param("window", (int) settings.admissionWindow().toSeconds())
			.param("refuse", settings.refuseNewAccounts())
			.update();
	}

	boolean delete(UUID eventId) {
		return this.jdbc.sql("delete from event_queues where event_id = :event").param("event", eventId).update() > 0;
	}

	Optional<QueueSettings> find(UUID eventId) {
		return this.jdbc.sql("select " + COLUMNS + " from event_queues where event_id = :event")
			.param("event", eventId)
			.query(QueueSettingsRepository::settings)
			.optional();
	}

	Map<UUID, QueueSettings> findAll(Collection<UUID> eventIds) {
		if (eventIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("select " + COLUMNS + " from event_queues where event_id in (:events)")
			.param("events", eventIds)
			.query(QueueSettingsRepository::settings)
			.list()
			.stream()
			.collect(Collectors.toMap(QueueSettings::eventId, Function.identity()));
	}

	/**
	 * Queued events whose sale has not ended a day before {@code now} (a queue says it
	 * closed for a day after), cancelled ones excluded.
	 */
	List<UUID> queuedEvents(Instant now) {
		return this.jdbc.sql("""
				select q.event_id from event_queues q join events e on e.id = q.event_id
				where e.status = 'PUBLISHED' and e.sales_end_at > :since
				order by q.event_id
				""").param("since", Timestamp.from(now.minus(Duration.ofDays(1)))).query(UUID.class).list();
	}

	private static QueueSettings settings(ResultSet rs, int row) throws SQLException {
		Integer rate = rs.getObject("rate_per_minute", Integer.class);
		return new QueueSettings(rs.getObject("event_id", UUID.class),
				rs.getTimestamp("pre_queue_opens_at").toInstant(), rate,
				Duration.ofSeconds(rs.getInt("admission_window_seconds")), rs.getBoolean("refuse_new_accounts"));
	}

}
