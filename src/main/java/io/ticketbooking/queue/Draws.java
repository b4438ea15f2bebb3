package io.ticketbooking.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit record of each pre-queue lottery ({@code queue_draws}). */
@Repository
class Draws {

	private final JdbcClient jdbc;

	Draws(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records a draw once, however many admitters finish it. */
	void record(UUID eventId, Instant drawnAt, String seed, long entrants) {
		this.jdbc
			.sql("""
					insert into queue_draws (event_id, drawn_at, seed, entrants, rule) values (:event, :at, :seed, :entrants, :rule)
					on conflict do nothing
					""")
			.param("event", eventId)
			.param("at", Timestamp.from(drawnAt))
			.param("seed", seed)
			.param("entrants", entrants)
			.param("rule", QueueViews.DRAW_RULE)
			.update();
	}

}
