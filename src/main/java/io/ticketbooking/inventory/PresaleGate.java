package io.ticketbooking.inventory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.PresaleCodeFacts;
import io.ticketbooking.events.PresaleCodesAdded;
import io.ticketbooking.inventory.PresaleCodeSlots.Freed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Presale codes in the gate (docs/presale.md): the reserve script checks a code and
 * counts its uses next to the stock; limited codes have use slots in PostgreSQL, claimed
 * with the units, so a code is never used more often than it allows whatever Redis
 * counts. Here: the slots are made with the codes, the codes are loaded into Redis, and
 * their counts are resynced with the slots when uses come back or a rebuild drops
 * admissions.
 */
@Component
class PresaleGate {

	private static final Logger log = LoggerFactory.getLogger(PresaleGate.class);

	private final EventCatalog catalog;

	private final StockGate gate;

	private final PresaleCodeSlots slots;

	PresaleGate(EventCatalog catalog, StockGate gate, PresaleCodeSlots slots) {
		this.catalog = catalog;
		this.gate = gate;
		this.slots = slots;
	}

	/** In the transaction that adds the codes: the use slots of the limited ones. */
	@EventListener
	void createSlots(PresaleCodesAdded added) {
		added.codes()
			.stream()
			.filter((code) -> code.maxUses() != null)
			.forEach((code) -> this.slots.create(added.eventId(), code.codeHash(), code.maxUses()));
	}

	/** Once the codes are committed: into the gate. */
	@TransactionalEventListener
	void loadAdded(PresaleCodesAdded added) {
		try {
			load(added.eventId());
		}
		catch (RuntimeException ex) {
			// the first reservation with a code finds the codes missing and loads them
			log.warn("Could not load the presale codes of event {} into Redis: {}", added.eventId(), ex.toString());
		}
	}

	/**
	 * Loads the event's codes: definitions replaced, uses kept where the gate has them
	 * and taken from the claimed slots where it has none. Call after the event's ticket
	 * types' gates were (re)built, so that no admission of an older gate can still commit
	 * a use the count misses.
	 */
	void load(UUID eventId) {
		Map<String, String> definitions = new LinkedHashMap<>();
		for (PresaleCodeFacts code : this.catalog.presaleCodes(eventId)) {
			definitions.put(code.codeHash(), definition(code));
		}
		this.gate.loadCodes(eventId, definitions, this.slots.limited(eventId));
	}

	/** Loads the codes of every event that has some (after the gates were rebuilt). */
	void loadAll() {
		for (UUID eventId : this.catalog.eventsWithPresaleCodes()) {
			try {
				load(eventId);
			}
			catch (RuntimeException ex) {
				log.warn("Could not load the presale codes of event {}: {}", eventId, ex.toString());
			}
		}
	}

	/**
	 * Resyncs the event's limited codes with their claimed slots, forgetting the code
	 * admissions a rebuild dropped (they can no longer commit).
	 */
	void resync(UUID eventId, Collection<UUID> droppedAdmissions) {
		Map<String, Integer> limited = this.slots.limited(eventId);
		if (limited.isEmpty() && droppedAdmissions.isEmpty()) {
			return;
		}
		this.gate.syncCodes(eventId, droppedAdmissions, limited);
	}

	/**
	 * Frees the orders' use slots inside the transaction that ends them; once it commits,
	 * the gate's counts of those codes follow.
	 */
	void free(Collection<UUID> orderIds) {
		List<Freed> freed = this.slots.free(orderIds);
		if (freed.isEmpty()) {
			return;
		}
		List<UUID> events = freed.stream().map(Freed::eventId).distinct().toList();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				events.forEach((eventId) -> resyncQuietly(eventId));
			}
		});
	}

	/** Best effort: a count left high refuses a use too many until the next resync. */
	void resyncQuietly(UUID eventId) {
		try {
			resync(eventId, List.of());
		}
		catch (RuntimeException ex) {
			log.warn("Could not resync the presale codes of event {}: {}", eventId, ex.toString());
		}
	}

	/** "start|end|maxUses|maxTicketsPerUse|ticketTypeIds", 0 for no limit. */
	static String definition(PresaleCodeFacts code) {
		return code.startsAt().toEpochMilli() + "|" + code.endsAt().toEpochMilli() + "|"
				+ ((code.maxUses() == null) ? 0 : code.maxUses()) + "|"
				+ ((code.maxTicketsPerUse() == null) ? 0 : code.maxTicketsPerUse()) + "|"
				+ code.ticketTypeIds().stream().map(UUID::toString).collect(Collectors.joining(","));
	}

}
