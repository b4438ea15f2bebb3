package io.ticketbooking.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.orders.OrderConfirmed;
import io.ticketbooking.orders.OrderRefunded;
import io.ticketbooking.orders.RefundRequired;
import io.ticketbooking.tickets.TicketCheckedIn;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the domain events of an organizer's events into deliveries to the organizer's
 * endpoints that want them. Each listener is an outbox publication (Spring Modulith): it
 * runs at least once after the change committed, and a second run records nothing new
 * (one delivery per endpoint and event).
 *
 * <p>
 * A delivery's body: {@code {id, type, createdAt, data}}. {@code id} is the same for an
 * event however often it is sent, to every endpoint, so a receiver dedupes by it.
 */
@Component
class WebhookEvents {

	private final WebhookEndpoints endpoints;

	private final WebhookDeliveries deliveries;

	private final EventCatalog catalog;

	private final JsonMapper json;

	private final Clock clock;

	WebhookEvents(WebhookEndpoints endpoints, WebhookDeliveries deliveries, EventCatalog catalog, JsonMapper json,
			Clock clock) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.catalog = catalog;
		this.json = json;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(OrderConfirmed event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("orderId", event.orderId());
		data.put("eventId", event.eventId());
		data.put("ticketTypeId", event.ticketTypeId());
		data.put("quantity", event.quantity());
		toOrganizer(event.eventId(), WebhookEventType.ORDER_CONFIRMED, event.orderId().toString(), data);
	}

	@ApplicationModuleListener
	void on(RefundRequired event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("orderId", event.orderId());
		data.put("eventId", event.eventId());
		data.put("amount", event.amount());
		data.put("currency", event.currency());
		data.put("reason", event.reason());
		toOrganizer(event.eventId(), WebhookEventType.ORDER_REFUND_REQUIRED, event.orderId().toString(), data);
	}

	/** One delivery per refund: an order refunded in parts is sent each part. */
	@ApplicationModuleListener
	void on(OrderRefunded event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("orderId", event.orderId());
		data.put("refundId", event.refundId());
		data.put("eventId", event.eventId());
		data.put("amount", event.amount());
		data.put("currency", event.currency());
		data.put("full", event.full());
		data.put("reason", event.reason());
		data.put("restocked", event.restocked());
		toOrganizer(event.eventId(), WebhookEventType.ORDER_REFUNDED, event.refundId().toString(), data);
	}

	@ApplicationModuleListener
	void on(TicketCheckedIn event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ticketId", event.ticketId());
		data.put("eventId", event.eventId());
		data.put("ticketTypeId", event.ticketTypeId());
		data.put("orderId", event.orderId());
		data.put("code", event.code());
		data.put("checkedInAt", event.checkedInAt().toString());
		toOrganizer(event.eventId(), WebhookEventType.TICKET_CHECKED_IN, event.ticketId().toString(), data);
	}

	/** A ping to one endpoint, to try it; every ping is a new event. */
	void ping(UUID endpointId) {
		UUID ping = UUID.randomUUID();
		record(List.of(endpointId), WebhookEventType.PING, ping.toString(), Map.of("endpointId", endpointId));
	}

	private void toOrganizer(UUID eventId, WebhookEventType type, String subject, Map<String, Object> data) {
		this.catalog.event(eventId).ifPresent((event) -> {
			List<UUID> wanting = this.endpoints.subscribed(event.organizerId(), type);
			if (!wanting.isEmpty()) {
				record(wanting, type, subject, data);
			}
		});
	}

	private void record(List<UUID> endpointIds, WebhookEventType type, String subject, Map<String, Object> data) {
		String key = type.wireName() + ":" + subject;
		Instant now = this.clock.instant();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)));
		body.put("type", type.wireName());
		body.put("createdAt", now.toString());
		body.put("data", data);
		this.deliveries.record(endpointIds, key, type, this.json.writeValueAsString(body), now);
	}

}
