package io.ticketbooking.webhooks;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an endpoint can be sent; {@link #wireName()} is the {@code type} of a delivery.
 */
enum WebhookEventType {

	ORDER_CONFIRMED("order.confirmed"), ORDER_REFUND_REQUIRED("order.refund_required"),
	ORDER_REFUNDED("order.refunded"), TICKET_CHECKED_IN("ticket.checked_in"),
	/** Sent on request only, to try an endpoint; nobody subscribes to it. */
	PING("ping");

	private final String wireName;

	WebhookEventType(String wireName) {
		this.wireName = wireName;
	}

	String wireName() {
		return this.wireName;
	}

	/** A type an endpoint may subscribe to, by its wire name. */
	static Optional<WebhookEventType> subscribable(String wireName) {
		return Arrays.stream(values()).filter((t) -> t != PING && t.wireName.equals(wireName)).findFirst();
	}

}
