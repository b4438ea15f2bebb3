package io.ticketbooking.tickets;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * What other modules may know of an order's tickets: their codes, holders, types and
 * where their PDFs are stored, e.g. to mail them.
 */
@Component
public class IssuedTickets {

	private final TicketRepository tickets;

	IssuedTickets(TicketRepository tickets) {
		this.tickets = tickets;
	}

	/**
	 * @param pdfKey the PDF's key in object storage; null while it is being printed
	 */
	public record IssuedTicket(UUID id, String code, String holderName, UUID ticketTypeId, String pdfKey) {
	}

	/** The order's tickets, in unit order. */
	public List<IssuedTicket> ofOrder(UUID orderId) {
		return this.tickets.ofOrder(orderId)
			.stream()
			.map((t) -> new IssuedTicket(t.id(), t.code(), t.holderName(), t.ticketTypeId(), t.pdfKey()))
			.toList();
	}

}
