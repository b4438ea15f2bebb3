package io.ticketbooking.tickets;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.orders.OrderStatus;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.Forbidden;
import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Check-in at the gate: a signed payload names a ticket of an event; only that event's
 * organizer (or an admin) may let it in, a ticket of a cancelled or refunded order never
 * enters, and of simultaneous scans the first wins (a conditional update). The first scan
 * publishes {@link TicketCheckedIn} in its transaction.
 */
@Service
class CheckIns {

	private final TicketRepository tickets;

	private final TicketSigner signer;

	private final OrderLookup orders;

	private final EventCatalog catalog;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	CheckIns(TicketRepository tickets, TicketSigner signer, OrderLookup orders, EventCatalog catalog, Clock clock,
			TransactionTemplate transactions, ApplicationEventPublisher events) {
		this.tickets = tickets;
		this.signer = signer;
		this.orders = orders;
		this.catalog = catalog;
		this.clock = clock;
		this.transactions = transactions;
		this.events = events;
	}

	record CheckedIn(UUID ticketId, TicketStatus status, Instant checkedInAt) {
	}

	/**
	 * @param caller the scanning user: the event's organizer, or an admin
	 */
	CheckedIn checkIn(String payload, Caller caller) {
		TicketSigner.Verified verified = this.signer.verify(payload);
		Ticket ticket = this.tickets.find(verified.ticketId())
			.filter((t) -> t.eventId().equals(verified.eventId()))
			.orElseThrow(InvalidTicket::new);
		UUID organizer = this.catalog.event(ticket.eventId()).orElseThrow(InvalidTicket::new).organizerId();
		if (!caller.isOwnerOrAdmin(organizer)) {
			throw new Forbidden("This ticket is for an event you do not organise.");
		}
		OrderStatus order = this.orders.find(ticket.orderId()).orElseThrow(InvalidTicket::new).status();
		// only a paid order that stands admits: not one cancelled, refunded, being
		// refunded
		// or due a refund
		if (ticket.status() == TicketStatus.VOID || order != OrderStatus.CONFIRMED) {
			throw new TicketVoid();
		}
		if (ticket.status() == TicketStatus.CHECKED_IN) {
			// a repeated scan: no update to try, no second read
			throw new AlreadyCheckedIn(ticket.checkedInAt());
		}
		Instant first = this.transactions.execute((tx) -> {
			Instant at = this.tickets.checkIn(verified.ticketId(), caller.id(), this.clock.instant()).orElse(null);
			if (at != null) {
				this.events.publishEvent(new TicketCheckedIn(ticket.id(), ticket.eventId(), ticket.ticketTypeId(),
						ticket.orderId(), ticket.code(), at));
			}
			return at;
		});
		if (first == null) {
			Instant earlier = this.tickets.find(verified.ticketId()).map(Ticket::checkedInAt).orElse(null);
			throw new AlreadyCheckedIn(earlier);
		}
		return new CheckedIn(verified.ticketId(), TicketStatus.CHECKED_IN, first);
	}

	static final class AlreadyCheckedIn extends ProblemException {

		private final Instant firstCheckedInAt;

		AlreadyCheckedIn(Instant firstCheckedInAt) {
			super(HttpStatus.CONFLICT, "ALREADY_CHECKED_IN", "This ticket was already checked in.");
			this.firstCheckedInAt = firstCheckedInAt;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("firstCheckedInAt", String.valueOf(this.firstCheckedInAt));
		}

	}

	static final class TicketVoid extends ProblemException {

		TicketVoid() {
			super(HttpStatus.CONFLICT, "TICKET_VOID", "This ticket belongs to a cancelled or refunded order.");
		}

	}

}
