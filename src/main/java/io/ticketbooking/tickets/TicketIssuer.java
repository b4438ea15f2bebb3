package io.ticketbooking.tickets;

import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.messaging.PermanentMessageFailure;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.orders.OrderLookup.OrderFacts;
import io.ticketbooking.orders.OrderStatus;
import io.ticketbooking.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Issues the tickets of a confirmed order: one row per unit (a redelivery inserts nothing
 * new), then a PDF per ticket that has none yet, stored in S3. Rows are written in short
 * statements and PDFs rendered outside any transaction; a failure part-way is finished by
 * the retry.
 */
@Component
class TicketIssuer {

	private static final Logger log = LoggerFactory.getLogger(TicketIssuer.class);

	private final TicketRepository tickets;

	private final TicketSigner signer;

	private final TicketPdf pdf;

	private final ObjectStorage storage;

	private final Counter issued;

	private final OrderLookup orders;

	private final UserDirectory users;

	private final EventCatalog catalog;

	TicketIssuer(TicketRepository tickets, TicketSigner signer, TicketPdf pdf, ObjectStorage storage,
			MeterRegistry meters, OrderLookup orders, UserDirectory users, EventCatalog catalog) {
		this.orders = orders;
		this.users = users;
		this.catalog = catalog;
		this.tickets = tickets;
		this.signer = signer;
		this.pdf = pdf;
		this.storage = storage;
		this.issued = Counter.builder("tickets.issued").description("Tickets issued").register(meters);
	}

	/** Issues what is missing; answers how many tickets the order has. */
	int issue(UUID orderId) {
		OrderFacts order = this.orders.find(orderId)
			.orElseThrow(() -> new PermanentMessageFailure("No order " + orderId));
		if (order.status() != OrderStatus.CONFIRMED) {
			log.info("Order {} is {}, not CONFIRMED: no tickets", orderId, order.status());
			return 0;
		}
		TicketFacts facts = TicketFacts.of(order, this.users, this.catalog)
			.orElseThrow(() -> new PermanentMessageFailure("No event, ticket type or holder for order " + orderId));
		// numbered through the lines: the n-th unit of the order is always the same
		// ticket
		int unit = 0;
		for (TicketFacts.Line line : facts.lines()) {
			for (int i = 0; i < line.quantity(); i++) {
				insertTicket(facts, line.ticketTypeId(), unit++);
			}
		}
		List<Ticket> all = this.tickets.ofOrder(orderId);
		byte[] image = (facts.eventImageKey() != null) ? this.storage.get(facts.eventImageKey()) : null;
		for (Ticket ticket : all) {
			if (ticket.pdfKey() == null) {
				String key = "tickets/" + orderId + "/" + ticket.id() + ".pdf";
				this.storage.put(key, this.pdf.render(ticket, facts, image), "application/pdf");
				this.tickets.setPdf(ticket.id(), key);
				this.issued.increment();
			}
		}
		return all.size();
	}

	private void insertTicket(TicketFacts facts, UUID ticketTypeId, int unit) {
		for (int attempt = 0; attempt < 5; attempt++) {
			UUID id = UUID.randomUUID();
			Ticket ticket = new Ticket(id, facts.orderId(), facts.eventId(), ticketTypeId, facts.userId(), unit,
					TicketCodes.next(), facts.holderName(), this.signer.sign(id, facts.eventId()), null,
					TicketStatus.ISSUED, null);
			try {
				this.tickets.insertIfAbsent(ticket);
				return;
			}
			catch (DuplicateKeyException codeCollision) {
				// 60 random bits rarely collide; draw another code
			}
		}
		throw new IllegalStateException("Could not draw a unique ticket code");
	}

}
