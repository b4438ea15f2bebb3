package io.ticketbooking.events;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Events' presale access codes ({@code presale_codes}). */
@Repository
class PresaleCodeRepository {

	private static final String COLUMNS = "id, event_id, batch_id, label, kind, code_hash, code, ticket_type_ids, "
			+ "starts_at, ends_at, max_uses, max_tickets_per_use, created_at";

	/** Rows per insert statement. */
	private static final int CHUNK = 500;

	private final JdbcClient jdbc;

	PresaleCodeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts a batch's codes, which share every field but their id, hash and text;
	 * answers {@code false} when one of them is already a code of the event (call inside
	 * a transaction and roll it back then).
	 */
	boolean insertBatch(PresaleCode first, List<PresaleCode> codes) {
		int inserted = 0;
		for (int from = 0; from < codes.size(); from += CHUNK) {
			List<PresaleCode> chunk = codes.subList(from, Math.min(codes.size(), from + CHUNK));
			inserted += this.jdbc.sql("""
					insert into presale_codes (id, event_id, batch_id, label, kind, code_hash, code, ticket_type_ids,
					    starts_at, ends_at, max_uses, max_tickets_per_use, created_at)
					select c.id, :event, :batch, :label, :kind, c.code_hash, c.code, :types::uuid[], :starts, :ends,
					       :maxUses::int, :perUse::int, :created
					from unnest(:ids::uuid[], :hashes::text[], :codes::text[]) as c(id, code_hash, code)
					on conflict (event_id, code_hash) do nothing
					""")
				.param("event", first.eventId())
				.param("batch", first.batchId())
				.param("label", first.label())
				.param("kind", first.kind().name())
				.param("types",
						"{" + String.join(",", first.ticketTypeIds().stream().map(UUID::toString).toList()) + "}")
				.param("starts", Timestamp.from(first.startsAt()))
				.param("ends", Timestamp.from(first.endsAt()))
				.param("maxUses", first.maxUses())
				.param("perUse", first.maxTicketsPerUse())
				.param("created", Timestamp.from(first.createdAt()))
				// arrays the driver binds as such (a collection would be expanded into a
				// list)
				.param("ids", chunk.stream().map((c) -> c.id().toString()).toArray(String[]::new))
				.param("hashes", chunk.stream().map(PresaleCode::codeHash).toArray(String[]::new))
				.param("codes", chunk.stream().map(PresaleCode::code).toArray(String[]::new))
				.update();
		}
		return inserted == codes.size();
	}

	/** The event's codes, batch by batch in the order they were made. */
	List<PresaleCode> ofEvent(UUID eventId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from presale_codes where event_id = :event "
					+ "order by created_at, batch_id, code nulls first, id")
			.param("event", eventId)
			.query(PresaleCodeRepository::code)
			.list();
	}

	/** Events that have presale codes. */
	List<UUID> eventsWithCodes() {
		return this.jdbc.sql("select distinct event_id from presale_codes").query(UUID.class).list();
	}

	private static PresaleCode code(ResultSet rs, int row) throws SQLException {
		Array types = rs.getArray("ticket_type_ids");
		return new PresaleCode(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				rs.getObject("batch_id", UUID.class), rs.getString("label"),
				PresaleCode.Kind.valueOf(rs.getString("kind")), rs.getString("code_hash"), rs.getString("code"),
				List.copyOf(Arrays.asList((UUID[]) types.getArray())), rs.getTimestamp("starts_at").toInstant(),
				rs.getTimestamp("ends_at").toInstant(), rs.getObject("max_uses", Integer.class),
				rs.getObject("max_tickets_per_use", Integer.class), rs.getTimestamp("created_at").toInstant());
	}

}
