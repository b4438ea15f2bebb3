package io.ticketbooking.tickets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.messaging.PermanentMessageFailure;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.orders.OrderLookup.OrderFacts;
import io.ticketbooking.orders.OrderStatus;
import io.ticketbooking.storage.ObjectStorage;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Issues the tickets of a confirmed order: one row per unit, all in one statement (a
 * redelivery inserts nothing new), then a PDF per ticket that has none yet, rendered on
 * the event's template outside any transaction and stored in S3, and the keys recorded in
 * one statement. A failure part-way is finished by the retry.
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

	private final TicketTemplates templates;

	/**
	 * The uploads of the orders being printed, side by side, at the printers' low
	 * priority (signing and sending a request is CPU work too).
	 */
	private final ExecutorService uploaders;

	TicketIssuer(TicketRepository tickets, TicketSigner signer, TicketPdf pdf, TicketTemplates templates,
			ObjectStorage storage, MeterRegistry meters, OrderLookup orders, UserDirectory users, EventCatalog catalog,
			TicketsProperties properties) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("tickets-upload-");
		threads.setThreadPriority(Thread.MIN_PRIORITY);
		threads.setDaemon(true);
		this.uploaders = Executors.newFixedThreadPool(4 * properties.issueConsumers(), threads);
		this.templates = templates;
		this.orders = orders;
		this.users = users;
		this.catalog = catalog;
		this.tickets = tickets;
		this.signer = signer;
		this.pdf = pdf;
		this.storage = storage;
		this.issued = Counter.builder("tickets.issued").description("Tickets issued").register(meters);
	}

	@PreDestroy
	void close() {
		this.uploaders.shutdown();
	}

	/** Issues what is missing; answers how many tickets the order has. */
	int issue(UUID orderId) {
		Optional<TicketFacts> confirmed = confirmed(orderId);
		if (confirmed.isEmpty()) {
			return 0;
		}
		TicketFacts facts = confirmed.get();
		List<Ticket> all = number(facts);
		List<Ticket> unprinted = all.stream().filter((t) -> t.pdfKey() == null).toList();
		if (!unprinted.isEmpty()) {
			print(facts, unprinted);
		}
		return all.size();
	}

	/**
	 * Gives each unit of a confirmed order its ticket, without printing; answers how many
	 * tickets the order has.
	 */
	int number(UUID orderId) {
		return confirmed(orderId).map((facts) -> number(facts).size()).orElse(0);
	}

	private Optional<TicketFacts> confirmed(UUID orderId) {
		OrderFacts order = this.orders.find(orderId)
			.orElseThrow(() -> new PermanentMessageFailure("No order " + orderId));
		if (order.status() != OrderStatus.CONFIRMED) {
			log.info("Order {} is {}, not CONFIRMED: no tickets", orderId, order.status());
			return Optional.empty();
		}
		return Optional.of(TicketFacts.of(order, this.users, this.catalog)
			.orElseThrow(() -> new PermanentMessageFailure("No event, ticket type or holder for order " + orderId)));
	}

	/**
	 * The order's tickets, each unit's drawn now if it has none yet: numbered through the
	 * lines, so the n-th unit of the order is always the same ticket.
	 */
	private List<Ticket> number(TicketFacts facts) {
		List<Ticket> existing = this.tickets.ofOrder(facts.orderId());
		if (existing.size() == facts.quantity()) {
			return existing;
		}
		Set<Integer> numbered = existing.stream().map(Ticket::unitIndex).collect(Collectors.toSet());
		for (int attempt = 0; attempt < 5; attempt++) {
			List<Ticket> drawn = new ArrayList<>();
			int unit = 0;
			for (TicketFacts.Line line : facts.lines()) {
				for (int i = 0; i < line.quantity(); i++, unit++) {
					if (!numbered.contains(unit)) {
						drawn.add(draw(facts, line.ticketTypeId(), unit));
					}
				}
			}
			if (drawn.isEmpty()) {
				return existing;
			}
			try {
				this.tickets.insertIfAbsent(drawn);
				return this.tickets.ofOrder(facts.orderId());
			}
			catch (DuplicateKeyException codeCollision) {
				// 60 random bits rarely collide; draw the codes again
			}
		}
		throw new IllegalStateException("Could not draw unique ticket codes");
	}

	private Ticket draw(TicketFacts facts, UUID ticketTypeId, int unit) {
		UUID id = UUID.randomUUID();
		return new Ticket(id, facts.orderId(), facts.eventId(), ticketTypeId, facts.userId(), unit, TicketCodes.next(),
				facts.holderName(), this.signer.sign(id, facts.eventId()), null, TicketStatus.ISSUED, null);
	}

	/**
	 * Renders each ticket on its event's template and stores it, the uploads of the order
	 * side by side while the next ticket renders; then records every key in one
	 * statement. A failed upload fails the attempt before any key is recorded: the retry
	 * prints again what has no key.
	 */
	private void print(TicketFacts facts, List<Ticket> unprinted) {
		TicketTemplate template = this.templates.of(facts);
		Map<UUID, String> keys = new LinkedHashMap<>();
		List<Future<?>> uploads = new ArrayList<>();
		try {
			for (Ticket ticket : unprinted) {
				byte[] pdf = this.pdf.render(ticket, facts, template);
				String key = "tickets/" + facts.orderId() + "/" + ticket.id() + ".pdf";
				uploads.add(this.uploaders.submit(() -> this.storage.put(key, pdf, "application/pdf")));
				keys.put(ticket.id(), key);
			}
			for (Future<?> upload : uploads) {
				upload.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while storing the tickets of " + facts.orderId(), ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException failure) ? failure
					: new IllegalStateException(ex.getCause());
		}
		finally {
			uploads.forEach((upload) -> upload.cancel(false));
		}
		this.tickets.setPdfs(keys);
		this.issued.increment(keys.size());
	}

}
