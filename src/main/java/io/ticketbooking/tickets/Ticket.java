package io.ticketbooking.tickets;

import java.time.Instant;
import java.util.UUID;

record Ticket(UUID id, UUID orderId, UUID eventId, UUID ticketTypeId, UUID userId, int unitIndex, String code,
		String holderName, String qrPayload, String pdfKey, TicketStatus status, Instant checkedInAt) {
}
