package io.ticketbooking.tickets;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.storage.ObjectStorage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "tickets")
@RestController
class TicketsController {

	private final TicketRepository tickets;

	private final TicketSigner signer;

	private final ObjectStorage storage;

	private final CheckIns checkIns;

	private final OrderLookup orders;

	private final EventCatalog catalog;

	TicketsController(TicketRepository tickets, TicketSigner signer, ObjectStorage storage, CheckIns checkIns,
			OrderLookup orders, EventCatalog catalog) {
		this.tickets = tickets;
		this.signer = signer;
		this.storage = storage;
		this.checkIns = checkIns;
		this.orders = orders;
		this.catalog = catalog;
	}

	/**
	 * @param pdfUrl where its PDF is, once printed
	 * @param ticketTypeName the name of its ticket type (an order may hold several)
	 * @param issuing {@code true} while its PDF is still being printed: the ticket (code,
	 * signed QR) is valid already, only {@code pdfUrl} is still to come
	 */
	record TicketView(UUID id, String code, TicketStatus status, String holderName, String pdfUrl, UUID ticketTypeId,
			String ticketTypeName, boolean issuing) {
	}

	record CheckIn(@NotBlank @Size(max = 512) String payload) {
	}

	@Operation(summary = "The tickets of my order",
			description = "Each unit of a paid order gets its ticket (code, signed QR) within moments of the payment; "
					+ "its PDF follows. \"issuing\": true marks a ticket whose PDF is still being printed (pdfUrl null). "
					+ "Fewer tickets than the order's quantity: the rest are still being numbered.")
	@GetMapping("/api/v1/orders/{id}/tickets")
	List<TicketView> ofOrder(Caller caller, @PathVariable UUID id) {
		UUID owner = this.orders.find(id).orElseThrow(() -> new NotFound("Order")).userId();
		if (!caller.isOwnerOrAdmin(owner)) {
			throw new NotFound("Order");
		}
		return this.tickets.ofOrder(id)
			.stream()
			.map((t) -> new TicketView(t.id(), t.code(), t.status(), t.holderName(),
					(t.pdfKey() != null) ? "/api/v1/tickets/" + t.id() + "/pdf" : null, t.ticketTypeId(),
					this.catalog.ticketType(t.ticketTypeId()).map(TicketTypeFacts::name).orElse(null),
					t.pdfKey() == null))
			.toList();
	}

	@Operation(summary = "One of my tickets as a PDF")
	@GetMapping(path = "/api/v1/tickets/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> pdf(Caller caller, @PathVariable UUID id) {
		Ticket ticket = this.tickets.find(id)
			.filter((t) -> caller.isOwnerOrAdmin(t.userId()))
			.orElseThrow(() -> new NotFound("Ticket"));
		byte[] bytes = (ticket.pdfKey() != null) ? this.storage.get(ticket.pdfKey()) : null;
		if (bytes == null) {
			throw new NotFound("Ticket PDF");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header("Content-Disposition", "attachment; filename=\"ticket-" + ticket.code() + ".pdf\"")
			.body(bytes);
	}

	@Operation(summary = "Check a ticket in at the gate: the first scan wins")
	@PostMapping("/api/v1/checkin")
	@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
	CheckIns.CheckedIn checkIn(Caller caller, @Valid @RequestBody CheckIn request) {
		return this.checkIns.checkIn(request.payload(), caller);
	}

	@Operation(summary = "The public key that verifies this event's ticket QR codes offline")
	@GetMapping("/api/v1/events/{id}/checkin-key")
	Map<String, String> checkinKey(@PathVariable UUID id) {
		if (this.catalog.event(id).isEmpty()) {
			throw new NotFound("Event");
		}
		return Map.of("eventId", id.toString(), "keyId", this.signer.keyId(), "algorithm", "Ed25519", "format",
				"X.509 SubjectPublicKeyInfo, DER, base64", "publicKey",
				Base64.getEncoder().encodeToString(this.signer.publicKey().getEncoded()), "payloadFormat",
				"TB1.<base64url(ticketId|eventId)>.<keyId>.<base64url(Ed25519 signature of the part before the last dot)>");
	}

}
