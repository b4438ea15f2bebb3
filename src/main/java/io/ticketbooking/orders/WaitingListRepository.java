package io.ticketbooking.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The waiting lists of sold-out ticket types: one entry per account and ticket type. */
@Repository
class WaitingListRepository {

	/**
	 * An entry's columns and its place: 1 + the waiting entries of its type ahead of it
	 * (0 unless it waits).
	 */
	private static final String COLUMNS = """
			e.id, e.event_id, e.ticket_type_id, e.user_id, e.quantity, e.offered, e.status, e.joined_at,
			case when e.status = 'WAITING' then 1 + (select count(*) from waiting_list_entries a
			    where a.ticket_type_id = e.ticket_type_id and a.status = 'WAITING' and a.seq < e.seq) else 0 end as place
			""";

	private final JdbcClient jdbc;

	WaitingListRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Puts the account on the type's waiting list, at the back: a new entry, or one that
	 * had left, was served or closed joins again with a new place. Empty when the account
	 * already waits there (its place stays).
	 */
	Optional<UUID> join(UUID eventId, UUID ticketTypeId, UUID userId, int quantity, Instant now) {
		return this.jdbc
			.sql("""
					insert into waiting_list_entries (id, event_id, ticket_type_id, user_id, quantity, status, joined_at,
					                                  updated_at)
					values (:id, :event, :ticketType, :user, :quantity, 'WAITING', :now, :now)
					on conflict (ticket_type_id, user_id) do update
					    set quantity = excluded.quantity, offered = 0, status = 'WAITING', seq = nextval('waiting_list_seq'),
					        joined_at = excluded.joined_at, updated_at = excluded.updated_at
					    where waiting_list_entries.status <> 'WAITING'
					returning id
					""")
			.param("id", UUID.randomUUID())
			.param("event", eventId)
			.param("ticketType", ticketTypeId)
			.param("user", userId)
			.param("quantity", quantity)
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.optional();
	}

	Optional<Entry> find(UUID ticketTypeId, UUID userId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from waiting_list_entries e "
					+ "where e.ticket_type_id = :ticketType and e.user_id = :user")
			.param("ticketType", ticketTypeId)
			.param("user", userId)
			.query(WaitingListRepository::entry)
			.optional();
	}

	/** The account's entries, the latest joined first. */
	List<Entry> ofUser(UUID userId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from waiting_list_entries e where e.user_id = :user "
					+ "order by e.joined_at desc, e.id limit 200")
			.param("user", userId)
			.query(WaitingListRepository::entry)
			.list();
	}

	/** Takes the account off the list; false when it was not waiting. */
	boolean leave(UUID ticketTypeId, UUID userId, Instant now) {
		return this.jdbc.sql("""
				update waiting_list_entries set status = 'LEFT', updated_at = :now
				where ticket_type_id = :ticketType and user_id = :user and status = 'WAITING'
				""")
			.param("ticketType", ticketTypeId)
			.param("user", userId)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * The first {@code limit} entries still waiting, locked until the caller's
	 * transaction ends: two transactions freeing units of the type offer them in turn,
	 * the second seeing what the first offered.
	 */
	List<Waiting> lockFirstWaiting(UUID ticketTypeId, int limit) {
		return this.jdbc.sql("""
				select id, user_id, quantity, offered from waiting_list_entries
				where ticket_type_id = :ticketType and status = 'WAITING'
				order by seq limit :limit
				for update
				""")
			.param("ticketType", ticketTypeId)
			.param("limit", limit)
			.query((rs, n) -> new Waiting(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
					rs.getInt("quantity"), rs.getInt("offered")))
			.list();
	}

	/**
	 * Counts units offered to a locked entry; it is served once every unit wanted was.
	 */
	void offered(UUID entryId, int units, Instant now) {
		this.jdbc
			.sql("""
					update waiting_list_entries
					set offered = offered + :units, status = case when offered + :units >= quantity then 'OFFERED' else status end,
					    updated_at = :now
					where id = :id
					""")
			.param("id", entryId)
			.param("units", units)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Closes a locked entry that can be offered nothing more (its limit is used up). */
	void close(UUID entryId, Instant now) {
		this.jdbc.sql("update waiting_list_entries set status = 'LIMIT_REACHED', updated_at = :now where id = :id")
			.param("id", entryId)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Entries still waiting and the units they want, per ticket type of the events. */
	Map<UUID, TypeCount> waitingOf(Collection<UUID> eventIds) {
		if (eventIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				select ticket_type_id, count(*) as entries, coalesce(sum(quantity - offered), 0) as units
				from waiting_list_entries where event_id in (:events) and status = 'WAITING' group by ticket_type_id
				""")
			.param("events", eventIds)
			.query((rs, n) -> new TypeCount(rs.getObject("ticket_type_id", UUID.class), rs.getLong("entries"),
					rs.getLong("units")))
			.list()
			.stream()
			.collect(Collectors.toMap(TypeCount::ticketTypeId, (c) -> c));
	}

	private static Entry entry(ResultSet rs, int row) throws SQLException {
		return new Entry(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
				rs.getObject("ticket_type_id", UUID.class), rs.getObject("user_id", UUID.class), rs.getInt("quantity"),
				rs.getInt("offered"), WaitingListStatus.valueOf(rs.getString("status")),
				rs.getTimestamp("joined_at").toInstant(), rs.getInt("place"));
	}

	/**
	 * @param place 1 for the first waiting entry, 0 unless it waits
	 */
	record Entry(UUID id, UUID eventId, UUID ticketTypeId, UUID userId, int quantity, int offered,
			WaitingListStatus status, Instant joinedAt, int place) {
	}

	record Waiting(UUID id, UUID userId, int quantity, int offered) {
	}

	record TypeCount(UUID ticketTypeId, long entries, long units) {
	}

}
