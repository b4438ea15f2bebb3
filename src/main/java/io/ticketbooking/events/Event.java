package io.ticketbooking.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An event as stored, with its ticket types in display order.
 *
 * @param maxTicketsPerOrder units one order may hold over all its ticket types,
 * {@code null} for no limit beyond each type's per-user limit
 * @param refundPolicy who may refund its orders until when (docs/refunds.md)
 */
record Event(UUID id, UUID organizerId, String name, String description, String venue, Instant startsAt, Instant endsAt,
		String timezone, Instant salesStartAt, Instant salesEndAt, Integer maxTicketsPerOrder, EventStatus status,
		String imageKey, Instant createdAt, RefundPolicy refundPolicy, List<TicketType> ticketTypes) {

	record TicketType(UUID id, String name, long price, String currency, int capacity, int perUserLimit) {
	}

	boolean cancelled() {
		return this.status == EventStatus.CANCELLED;
	}

	Event withTicketTypes(List<TicketType> types) {
		return new Event(this.id, this.organizerId, this.name, this.description, this.venue, this.startsAt, this.endsAt,
				this.timezone, this.salesStartAt, this.salesEndAt, this.maxTicketsPerOrder, this.status, this.imageKey,
				this.createdAt, this.refundPolicy, types);
	}

	List<UUID> ticketTypeIds() {
		return this.ticketTypes.stream().map(TicketType::id).toList();
	}

}
