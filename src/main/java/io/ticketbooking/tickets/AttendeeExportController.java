package io.ticketbooking.tickets;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.auth.UserDirectory.Contact;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.CsvWriter;
import io.ticketbooking.shared.KeysetPages;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An event's attendees as CSV, for its organizer: one row per ticket, streamed page by
 * page ({@link #PAGE} tickets and their buyers' contacts at a time), so an export of any
 * size takes the same memory (docs/organizer-data.md).
 */
@Tag(name = "organizer")
@RestController
@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
class AttendeeExportController {

	static final int PAGE = 1000;

	private final TicketRepository tickets;

	private final EventCatalog catalog;

	private final UserDirectory users;

	AttendeeExportController(TicketRepository tickets, EventCatalog catalog, UserDirectory users) {
		this.tickets = tickets;
		this.catalog = catalog;
		this.users = users;
	}

	@Operation(summary = "My event's attendees as CSV, one row per ticket (organizer or admin)",
			description = "Columns: ticketCode, ticketType, holderName, buyerName, buyerEmail, orderId, status "
					+ "(ISSUED, CHECKED_IN, VOID), checkedInAt, issuedAt. UTF-8, CRLF, text quoted; text a spreadsheet "
					+ "would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe. "
					+ "Streamed in pages, so it is never all in the service's memory; a ticket issued or checked "
					+ "in while it is written may or may not be in it.")
	@GetMapping(path = "/api/v1/organizer/events/{id}/attendees.csv", produces = "text/csv")
	void attendees(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
		EventFacts event = this.catalog.organizedBy(caller, id);
		Map<UUID, String> typeNames = this.catalog.ticketTypeNames(id);
		CsvWriter csv = CsvWriter.download(response, "attendees-" + event.id() + ".csv");
		csv.header("ticketCode", "ticketType", "holderName", "buyerName", "buyerEmail", "orderId", "status",
				"checkedInAt", "issuedAt");
		KeysetPages.forEach(PAGE, (after, size) -> this.tickets.attendees(id, after, size),
				TicketRepository.Attendee::id, (page) -> {
					Map<UUID, Contact> contacts = this.users
						.contacts(page.stream().map(TicketRepository.Attendee::userId).collect(Collectors.toSet()));
					for (TicketRepository.Attendee attendee : page) {
						Contact buyer = contacts.get(attendee.userId());
						csv.row(attendee.code(), typeNames.get(attendee.ticketTypeId()), attendee.holderName(),
								(buyer != null) ? buyer.fullName() : null, (buyer != null) ? buyer.email() : null,
								attendee.orderId(), attendee.status(), attendee.checkedInAt(), attendee.issuedAt());
					}
					csv.flush();
				});
	}

}
