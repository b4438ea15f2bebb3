package io.ticketbooking.orders;

import java.util.UUID;

/**
 * An order is paid and its units are sold. Stored in the outbox with the confirming
 * transaction and sent to the broker with routing key {@code order.confirmed}.
 */
public record OrderConfirmed(UUID orderId, UUID userId, UUID eventId, UUID ticketTypeId, int quantity) {
}
