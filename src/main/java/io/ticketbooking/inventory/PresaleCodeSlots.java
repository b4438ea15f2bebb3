package io.ticketbooking.inventory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The structural guard of presale codes limited in uses: one row per use a code allows;
 * an order reserved with the code claims one in the transaction that claims its units
 * ({@link InventoryUnits#claim}), and frees it with them. However Redis counts, a code is
 * never used more often than it allows.
 */
@Repository
class PresaleCodeSlots {

	private final JdbcClient jdbc;

	PresaleCodeSlots(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void create(UUID eventId, String codeHash, int uses) {
		this.jdbc.sql("""
				insert into presale_code_slots (event_id, code_hash, slot_no)
				select :event, :code, n from generate_series(1, :uses) n
				""").param("event", eventId).param("code", codeHash).param("uses", uses).update();
	}

	/** The event's codes that are limited in uses, with their slots claimed. */
	Map<String, Integer> limited(UUID eventId) {
		Map<String, Integer> limited = new HashMap<>();
		this.jdbc.sql("""
				select code_hash, count(order_id) as used from presale_code_slots
				where event_id = :event group by code_hash
				""").param("event", eventId).query((rs) -> {
			limited.put(rs.getString("code_hash"), rs.getInt("used"));
		});
		return limited;
	}

	/** A code's use slot that an order held. */
	record Freed(UUID eventId, String codeHash) {
	}

	/** Frees the orders' use slots; answers whose. */
	List<Freed> free(Collection<UUID> orderIds) {
		if (orderIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				update presale_code_slots set order_id = null where order_id in (:orders)
				returning event_id, code_hash
				""")
			.param("orders", orderIds)
			.query((rs, n) -> new Freed(rs.getObject("event_id", UUID.class), rs.getString("code_hash")))
			.list();
	}

}
