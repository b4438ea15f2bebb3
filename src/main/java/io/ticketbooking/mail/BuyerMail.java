package io.ticketbooking.mail;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.ticketbooking.auth.EmailVerificationRequested;
import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.auth.UserDirectory.Contact;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.messaging.PermanentMessageFailure;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.orders.OrderLookup.OrderFacts;
import io.ticketbooking.orders.OrderStatus;
import io.ticketbooking.storage.ObjectStorage;
import io.ticketbooking.tickets.IssuedTickets;
import io.ticketbooking.tickets.IssuedTickets.IssuedTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The emails a buyer gets (docs/email.md), each once: the sender claims the email in
 * {@code mail_sent} for a while, reads the attachments and talks to the relay with no
 * database transaction open, then marks it sent. A redelivered message finds it sent, or
 * claimed by another sender and is retried later; a failed send lets go of the claim.
 */
@Service
class BuyerMail {

	private static final Logger log = LoggerFactory.getLogger(BuyerMail.class);

	/**
	 * How long a sender holds an email it sends: longer than a send can take (the relay's
	 * timeouts, the attachments), shorter than the retries of a message left unsent.
	 */
	private static final Duration CLAIM = Duration.ofMinutes(2);

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (z)",
			Locale.ENGLISH);

	private final OrderLookup orders;

	private final UserDirectory users;

	private final EventCatalog catalog;

	private final IssuedTickets tickets;

	private final ObjectStorage storage;

	private final Letters letters;

	private final Mailer mailer;

	private final SentMail sent;

	private final MailSettings settings;

	BuyerMail(OrderLookup orders, UserDirectory users, EventCatalog catalog, IssuedTickets tickets,
			ObjectStorage storage, Letters letters, Mailer mailer, SentMail sent, MailSettings settings) {
		this.orders = orders;
		this.users = users;
		this.catalog = catalog;
		this.tickets = tickets;
		this.storage = storage;
		this.letters = letters;
		this.mailer = mailer;
		this.sent = sent;
		this.settings = settings;
	}

	/** The order's tickets, each PDF attached, once all are issued. */
	void ticketsIssued(UUID orderId) {
		if (this.mailer.skipping()) {
			return;
		}
		OrderFacts order = this.orders.find(orderId)
			.orElseThrow(() -> new PermanentMessageFailure("No order " + orderId));
		if (order.status() != OrderStatus.CONFIRMED) {
			log.info("Order {} is {}: its tickets are not mailed", orderId, order.status());
			return;
		}
		Optional<Contact> buyer = contact(order.userId());
		EventFacts event = event(order.eventId());
		List<IssuedTicket> issued = this.tickets.ofOrder(orderId);
		if (buyer.isEmpty() || issued.isEmpty()) {
			return;
		}
		if (issued.stream().anyMatch((t) -> t.pdfKey() == null)) {
			throw new IllegalStateException("Order " + orderId + " has tickets still being printed");
		}
		Map<UUID, String> types = this.catalog.ticketTypeNames(event.id());
		List<Map<String, String>> lines = issued.stream()
			.map((t) -> Map.of("code", t.code(), "type", types.getOrDefault(t.ticketTypeId(), ""), "holder",
					t.holderName()))
			.toList();
		Map<String, Object> variables = variables(buyer.get(), event);
		variables.put("tickets", lines);
		variables.put("orderUrl", this.settings.publicBaseUrl() + "/orders/" + orderId);
		Letters.Bodies bodies = this.letters.render("tickets", variables);
		deliver("order-tickets", orderId.toString(), buyer.get(), "Your tickets for " + event.name(), bodies,
				() -> issued.stream()
					.map((t) -> new Mailer.Attachment("ticket-" + t.code() + ".pdf", "application/pdf", pdf(t)))
					.toList());
	}

	/**
	 * A paid order that cannot be kept: the event was cancelled (one email per buyer and
	 * event, however many orders they had) or the payment came after the last ticket.
	 */
	void refundRequired(UUID orderId, UUID userId, UUID eventId, long amount, String currency, String reason) {
		if (this.mailer.skipping()) {
			return;
		}
		Optional<Contact> buyer = contact(userId);
		if (buyer.isEmpty()) {
			return;
		}
		EventFacts event = event(eventId);
		Map<String, Object> variables = variables(buyer.get(), event);
		variables.put("ordersUrl", this.settings.publicBaseUrl() + "/orders");
		if ("EVENT_CANCELLED".equals(reason)) {
			deliver("event-cancelled", eventId + ":" + userId, buyer.get(), event.name() + " is cancelled",
					this.letters.render("event-cancelled", variables), List::of);
		}
		else {
			variables.put("amount", money(amount, currency));
			variables.put("orderUrl", this.settings.publicBaseUrl() + "/orders/" + orderId);
			deliver("late-payment", orderId.toString(), buyer.get(),
					"Your order for " + event.name() + " will be refunded",
					this.letters.render("late-payment", variables), List::of);
		}
	}

	/** A refund the provider confirmed: how much, and whether the tickets are void. */
	void refunded(MailMessaging.OrderRefundedMessage refund) {
		if (this.mailer.skipping()) {
			return;
		}
		Optional<Contact> buyer = contact(refund.userId());
		if (buyer.isEmpty()) {
			return;
		}
		EventFacts event = event(refund.eventId());
		Map<String, Object> variables = variables(buyer.get(), event);
		variables.put("amount", money(refund.amount(), refund.currency()));
		variables.put("full", refund.full());
		variables.put("orderUrl", this.settings.publicBaseUrl() + "/orders/" + refund.orderId());
		deliver("refund", refund.refundId().toString(), buyer.get(), "Refund for " + event.name(),
				this.letters.render("refunded", variables), List::of);
	}

	/**
	 * A hold that ran out before it was paid: its tickets are back on sale, and the buyer
	 * may try again.
	 */
	void holdExpired(UUID orderId, UUID userId, UUID eventId, int quantity) {
		if (this.mailer.skipping()) {
			return;
		}
		Optional<Contact> buyer = contact(userId);
		Optional<EventFacts> event = this.catalog.event(eventId);
		if (buyer.isEmpty() || event.isEmpty()) {
			return;
		}
		Map<String, Object> variables = variables(buyer.get(), event.get());
		variables.put("quantity", quantity);
		variables.put("eventUrl", this.settings.publicBaseUrl() + "/events/" + eventId);
		deliver("hold-expired", orderId.toString(), buyer.get(),
				"Your hold on tickets for " + event.get().name() + " has ended",
				this.letters.render("hold-expired", variables), List::of);
	}

	/** The link that confirms a new (or re-sent) address; each link is its own email. */
	void verification(EmailVerificationRequested request) {
		if (this.mailer.skipping()) {
			return;
		}
		Map<String, Object> variables = new HashMap<>();
		variables.put("name", request.fullName());
		variables.put("link", this.settings.publicBaseUrl() + "/verify-email?token=" + request.token());
		variables.put("expires", WHEN.format(request.expiresAt().atZone(ZoneId.of("UTC"))));
		deliver("email-verification", request.userId() + ":" + request.expiresAt().toEpochMilli(),
				new Contact(request.fullName(), request.email()), "Confirm your email address",
				this.letters.render("verify-email", variables), List::of);
	}

	private void deliver(String kind, String key, Contact to, String subject, Letters.Bodies bodies,
			Supplier<List<Mailer.Attachment>> attachments) {
		switch (this.sent.claim(kind, key, to.email(), CLAIM)) {
			case SENT -> log.debug("Email {} {} was sent already", kind, key);
			case BUSY -> throw new IllegalStateException("Email " + kind + " " + key + " is being sent elsewhere");
			case CLAIMED -> {
				try {
					this.mailer
						.send(new Mailer.Letter(to.email(), subject, bodies.text(), bodies.html(), attachments.get()));
				}
				catch (RuntimeException ex) {
					this.sent.release(kind, key);
					throw ex;
				}
				this.sent.sent(kind, key);
			}
		}
	}

	/** A stored PDF; one the store no longer has will not come back by retrying. */
	private byte[] pdf(IssuedTicket ticket) {
		byte[] pdf = this.storage.get(ticket.pdfKey());
		if (pdf == null) {
			throw new PermanentMessageFailure("The PDF of ticket " + ticket.id() + " is missing from storage");
		}
		return pdf;
	}

	private Optional<Contact> contact(UUID userId) {
		Contact contact = this.users.contacts(Set.of(userId)).get(userId);
		if (contact == null) {
			log.info("Account {} no longer exists: nothing to mail", userId);
		}
		return Optional.ofNullable(contact);
	}

	private EventFacts event(UUID eventId) {
		return this.catalog.event(eventId).orElseThrow(() -> new PermanentMessageFailure("No event " + eventId));
	}

	private static Map<String, Object> variables(Contact buyer, EventFacts event) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("name", buyer.fullName());
		variables.put("eventName", event.name());
		variables.put("venue", event.venue());
		variables.put("when", WHEN.format(event.startsAt().atZone(event.zone())));
		return variables;
	}

	private static String money(long minor, String currency) {
		int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
		return currency + " " + BigDecimal.valueOf(minor, digits).toPlainString();
	}

}
