package io.ticketbooking.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What Postgres keeps about the gate: each ticket type's epoch and the advisory lock that
 * orders rebuilds against claims and releases, the arbiter rows that decide between a
 * claim and the lease reaper, and the returns of freed units still to be applied to
 * Redis.
 */
@Repository
class GateLedger {

	/** First key of the two-part advisory lock, so it meets no other lock of the app. */
	private static final int LOCK_CLASS = 0x54424754;

	private final JdbcClient jdbc;

	GateLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the ticket type's gate lock shared until the transaction ends (claims and
	 * releases); a rebuild waits for it, and it waits for a rebuild.
	 */
	void lockShared(UUID ticketTypeId) {
		this.jdbc.sql("select pg_advisory_xact_lock_shared(:class, :key)::text")
			.param("class", LOCK_CLASS)
			.param("key", ticketTypeId.hashCode())
			.query(String.class)
			.single();
	}

	/**
	 * Takes the ticket type's gate lock exclusively until the transaction ends (a
	 * rebuild): waits until every claim and release in flight has committed or rolled
	 * back, at most {@code timeout}.
	 */
	void lockExclusive(UUID ticketTypeId, Duration timeout) {
		this.jdbc.sql("select set_config('lock_timeout', :timeout, true)")
			.param("timeout", timeout.toMillis() + "ms")
			.query(String.class)
			.single();
		this.jdbc.sql("select pg_advisory_xact_lock(:class, :key)::text")
			.param("class", LOCK_CLASS)
			.param("key", ticketTypeId.hashCode())
			.query(String.class)
			.single();
	}

	/** The current epoch; read it after taking the lock, in a statement of its own. */
	long epoch(UUID ticketTypeId) {
		return this.jdbc.sql("select epoch from inventory_gates where ticket_type_id = :ticketType")
			.param("ticketType", ticketTypeId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/** A rebuild's new epoch; call under {@link #lockExclusive}. */
	long nextEpoch(UUID ticketTypeId, Instant activeUntil) {
		return this.jdbc.sql("""
				insert into inventory_gates (ticket_type_id, epoch, active_until) values (:ticketType, 1, :until)
				on conflict (ticket_type_id) do update
				set epoch = inventory_gates.epoch + 1, active_until = excluded.active_until
				returning epoch
				""")
			.param("ticketType", ticketTypeId)
			.param("until", Timestamp.from(activeUntil))
			.query(Long.class)
			.single();
	}

	/** Ticket types whose gate may hold leases (their sale has not long ended). */
	List<UUID> activeTicketTypes(Instant now, Duration grace) {
		return this.jdbc.sql("select ticket_type_id from inventory_gates where active_until > :since")
			.param("since", Timestamp.from(now.minus(grace)))
			.query(UUID.class)
			.list();
	}

	/**
	 * The reaper's side of the arbiter: marks the admission as given back unless its
	 * claim committed. Answers {@code true} when it may be given back (now, or by an
	 * earlier reaper that stopped before Redis), {@code false} when the claim committed.
	 * Waits at most {@code timeout} for a claim still in flight (then throws).
	 */
	boolean reap(UUID admissionId, UUID ticketTypeId, Duration timeout) {
		this.jdbc.sql("select set_config('lock_timeout', :timeout, true)")
			.param("timeout", timeout.toMillis() + "ms")
			.query(String.class)
			.single();
		int marked = this.jdbc
			.sql("""
					insert into gate_admissions (admission_id, ticket_type_id, reaped) values (:admission, :ticketType, true)
					on conflict (admission_id) do nothing
					""")
			.param("admission", admissionId)
			.param("ticketType", ticketTypeId)
			.update();
		if (marked == 1) {
			return true;
		}
		// a statement of its own: its snapshot sees the row whose commit the insert
		// waited for
		return this.jdbc.sql("select reaped from gate_admissions where admission_id = :admission")
			.param("admission", admissionId)
			.query(Boolean.class)
			.single();
	}

	/** Of these admissions, those whose claim committed. */
	List<UUID> committed(Collection<UUID> admissionIds) {
		if (admissionIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select admission_id from gate_admissions where admission_id in (:ids) and not reaped")
			.param("ids", admissionIds)
			.query(UUID.class)
			.list();
	}

	/** Records returns to apply to the gate after commit. */
	void recordReturns(List<GateReturn> returns) {
		if (returns.isEmpty()) {
			return;
		}
		this.jdbc.sql("insert into gate_returns (id, ticket_type_id, user_id, quantity, epoch, takes) values :rows")
			.param("rows",
					returns.stream()
						.map((r) -> new Object[] { r.id(), r.ticketTypeId(), r.userId(), r.quantity(), r.epoch(),
								Take.format(r.takes()) })
						.toList())
			.update();
	}

	/**
	 * Returns recorded before {@code before} and not yet applied (their transaction's own
	 * apply failed or never ran).
	 */
	List<GateReturn> pendingReturns(Instant before, int limit) {
		return this.jdbc.sql("""
				select id, ticket_type_id, user_id, quantity, epoch, takes from gate_returns where created_at < :before
				order by created_at limit :limit
				""").param("before", Timestamp.from(before)).param("limit", limit).query(GateLedger::gateReturn).list();
	}

	/** Returns recorded for a ticket type (a rebuild's view of those still pending). */
	List<GateReturn> pendingReturns(UUID ticketTypeId) {
		return this.jdbc
			.sql("select id, ticket_type_id, user_id, quantity, epoch, takes from gate_returns "
					+ "where ticket_type_id = :ticketType")
			.param("ticketType", ticketTypeId)
			.query(GateLedger::gateReturn)
			.list();
	}

	void deleteReturns(Collection<UUID> ids) {
		if (!ids.isEmpty()) {
			this.jdbc.sql("delete from gate_returns where id in (:ids)").param("ids", ids).update();
		}
	}

	/**
	 * Forgets arbiter rows old enough that no lease can still name them; answers how
	 * many.
	 */
	int pruneAdmissions(Instant before) {
		return this.jdbc.sql("delete from gate_admissions where created_at < :before")
			.param("before", Timestamp.from(before))
			.update();
	}

	private static GateReturn gateReturn(ResultSet rs, int row) throws SQLException {
		return new GateReturn(rs.getObject("id", UUID.class), rs.getObject("ticket_type_id", UUID.class),
				rs.getObject("user_id", UUID.class), rs.getInt("quantity"), rs.getLong("epoch"),
				Take.parse(rs.getString("takes")));
	}

	/**
	 * Units freed in Postgres that the gate gets back once, under {@code epoch}.
	 *
	 * @param userId the holder they were freed from
	 * @param quantity the units freed
	 * @param takes those of them handed straight to waiting buyers' offers: they move to
	 * those buyers' counts instead of the stock
	 */
	record GateReturn(UUID id, UUID ticketTypeId, UUID userId, int quantity, long epoch, List<Take> takes) {

		/** The units that go back to the stock. */
		int toStock() {
			return this.quantity - this.takes.stream().mapToInt(Take::units).sum();
		}

	}

	/** Units of a return handed to a waiting buyer's offer. */
	record Take(UUID userId, int units) {

		static String format(List<Take> takes) {
			return takes.stream().map((t) -> t.userId() + ":" + t.units()).collect(Collectors.joining(","));
		}

		static List<Take> parse(String takes) {
			if (takes == null || takes.isEmpty()) {
				return List.of();
			}
			return Arrays.stream(takes.split(","))
				.map((t) -> new Take(UUID.fromString(t.substring(0, t.indexOf(':'))),
						Integer.parseInt(t.substring(t.indexOf(':') + 1))))
				.toList();
		}

	}

}
