package io.ticketbooking.tickets;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.storage.ObjectStorage;

import org.springframework.stereotype.Component;

/**
 * Each event's {@link TicketTemplate}, laid out on its first ticket and kept while the
 * event's name, venue, time, zone and image stay the same. Issuing an order reads its
 * event's facts anyway; when they differ from the template's, the template is laid out
 * again (and the event image read from S3 again: a new image has a new key).
 */
@Component
class TicketTemplates {

	/** Events whose template is kept; past it the cache starts over. */
	static final int MAX_EVENTS = 512;

	private final Map<UUID, TicketTemplate> byEvent = new ConcurrentHashMap<>();

	private final ObjectStorage storage;

	private final Counter laidOut;

	TicketTemplates(ObjectStorage storage, MeterRegistry meters) {
		this.storage = storage;
		this.laidOut = Counter.builder("tickets.templates.laid.out")
			.description("Ticket page templates laid out (one per event, again when its details or image change)")
			.register(meters);
	}

	TicketTemplate of(TicketFacts facts) {
		TicketTemplate.Layout layout = TicketTemplate.Layout.of(facts);
		TicketTemplate kept = this.byEvent.get(facts.eventId());
		if (kept != null && kept.layout().equals(layout)) {
			return kept;
		}
		// consumers that meet a new layout together lay it out once
		synchronized (this) {
			return layOut(facts.eventId(), layout);
		}
	}

	private TicketTemplate layOut(UUID eventId, TicketTemplate.Layout layout) {
		TicketTemplate kept = this.byEvent.get(eventId);
		if (kept != null && kept.layout().equals(layout)) {
			return kept;
		}
		byte[] image = (layout.imageKey() != null) ? this.storage.get(layout.imageKey()) : null;
		TicketTemplate laid = TicketTemplate.lay(layout, image);
		if (this.byEvent.size() >= MAX_EVENTS) {
			this.byEvent.clear();
		}
		this.byEvent.put(eventId, laid);
		this.laidOut.increment();
		return laid;
	}

}
