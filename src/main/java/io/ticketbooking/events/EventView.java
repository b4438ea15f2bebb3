package io.ticketbooking.events;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shape of an event, with live availability per ticket type. */
record EventView(UUID id, UUID organizerId, String name, String description, String venue, Instant startsAt,
		Instant endsAt, String timezone, Instant salesStartAt, Instant salesEndAt, EventStatus status, URI imageUrl,
		List<TicketTypeView> ticketTypes, Instant createdAt, QueueView queue, Integer maxTicketsPerOrder,
		RefundPolicy refundPolicy) {

	/**
	 * The event's waiting room; {@code null} when it has none (docs/waiting-room.md).
	 *
	 * @param ratePerMinute the organizer's rate, {@code null} when automatic
	 */
	record QueueView(Instant preQueueOpensAt, Integer ratePerMinute, long admissionWindowSeconds,
			boolean refuseAccountsCreatedAfterOpening) {

		static QueueView of(QueueSettings settings) {
			return (settings == null) ? null : new QueueView(settings.preQueueOpensAt(), settings.ratePerMinute(),
					settings.admissionWindow().toSeconds(), settings.refuseNewAccounts());
		}

	}

	record TicketTypeView(UUID id, String name, long price, String currency, int capacity, int perUserLimit,
			Integer available) {
	}

	static EventView of(Event event, URI imageUrl, Map<UUID, Integer> available, QueueSettings queue) {
		List<TicketTypeView> types = event.ticketTypes()
			.stream()
			.map((t) -> new TicketTypeView(t.id(), t.name(), t.price(), t.currency(), t.capacity(), t.perUserLimit(),
					event.cancelled() ? Integer.valueOf(0) : available.get(t.id())))
			.toList();
		return new EventView(event.id(), event.organizerId(), event.name(), event.description(), event.venue(),
				event.startsAt(), event.endsAt(), event.timezone(), event.salesStartAt(), event.salesEndAt(),
				event.status(), imageUrl, types, event.createdAt(), QueueView.of(queue), event.maxTicketsPerOrder(),
				event.refundPolicy());
	}

}
