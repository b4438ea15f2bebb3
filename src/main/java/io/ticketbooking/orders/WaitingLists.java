package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.events.EventStatus;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.inventory.Reoffers;
import io.ticketbooking.orders.OrderRepository.NewHold;
import io.ticketbooking.orders.OrderRepository.NewLine;
import io.ticketbooking.orders.WaitingListRepository.Entry;
import io.ticketbooking.orders.WaitingListRepository.Waiting;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;

import org.springframework.stereotype.Service;

/**
 * The waiting lists of sold-out ticket types (docs/waiting-list.md). A buyer joins when
 * the gate has nothing left; units that come back are offered, inside the transaction
 * that frees them, to the first entries in order, each offer a hold of its own (an order)
 * for the entry's account. An offer that runs out frees its units like any hold, and they
 * go to the next entries.
 */
@Service
class WaitingLists implements Reoffers {

	private final WaitingListRepository entries;

	private final OrderRepository orders;

	private final EventCatalog catalog;

	private final Inventory inventory;

	private final OrdersProperties properties;

	private final Clock clock;

	private final Counter offeredUnits;

	WaitingLists(WaitingListRepository entries, OrderRepository orders, EventCatalog catalog, Inventory inventory,
			OrdersProperties properties, Clock clock, MeterRegistry meters) {
		this.entries = entries;
		this.orders = orders;
		this.catalog = catalog;
		this.inventory = inventory;
		this.properties = properties;
		this.clock = clock;
		this.offeredUnits = Counter.builder("orders.waiting-list.offered")
			.description("Units that came back and were offered to waiting-list entries")
			.baseUnit("units")
			.register(meters);
	}

	/**
	 * An entry, its place (1: offered first) and the offers made to it.
	 *
	 * @param offered units offered so far, over all its offers
	 * @param place 1 + entries of the type waiting ahead of it; 0 unless it waits
	 */
	record EntryView(UUID id, UUID eventId, UUID ticketTypeId, String ticketTypeName, int quantity, int offered,
			WaitingListStatus status, int place, Instant joinedAt, List<Order.View> offers) {
	}

	/** A new entry, or the account's entry as it was when it already waits. */
	record Joined(EntryView entry, boolean created) {
	}

	/**
	 * Puts the caller on the type's waiting list for {@code quantity} units: only while
	 * the sale runs and the gate has none left. Joining again while waiting answers the
	 * same entry and place.
	 */
	Joined join(UUID userId, UUID eventId, UUID ticketTypeId, int quantity) {
		TicketTypeFacts type = typeOf(eventId, ticketTypeId);
		if (quantity < 1 || quantity > type.perUserLimit()) {
			throw InvalidFields.of("quantity",
					"must be between 1 and the per-customer limit of " + type.perUserLimit());
		}
		EventFacts event = this.catalog.event(eventId).orElseThrow(() -> new NotFound("Event"));
		Instant now = this.clock.instant();
		if (now.isBefore(event.salesStartAt())) {
			throw new OrderProblems.SaleNotOpen();
		}
		if (event.status() != EventStatus.PUBLISHED || !now.isBefore(event.salesEndAt())) {
			throw new OrderProblems.SaleClosed();
		}
		Entry existing = this.entries.find(ticketTypeId, userId).orElse(null);
		if (existing != null && existing.status() == WaitingListStatus.WAITING) {
			return new Joined(view(existing), false);
		}
		if (!this.inventory.soldOut(ticketTypeId)) {
			throw new OrderProblems.TicketsAvailable();
		}
		boolean created = this.entries.join(eventId, ticketTypeId, userId, quantity, now).isPresent();
		Entry entry = this.entries.find(ticketTypeId, userId).orElseThrow();
		return new Joined(view(entry), created);
	}

	EntryView mine(UUID userId, UUID eventId, UUID ticketTypeId) {
		typeOf(eventId, ticketTypeId);
		return this.entries.find(ticketTypeId, userId)
			.map(this::view)
			.orElseThrow(() -> new NotFound("Waiting-list entry"));
	}

	/** Leaves the list; offers already made stay the buyer's until they run out. */
	void leave(UUID userId, UUID eventId, UUID ticketTypeId) {
		typeOf(eventId, ticketTypeId);
		if (!this.entries.leave(ticketTypeId, userId, this.clock.instant())) {
			throw new NotFound("Waiting-list entry");
		}
	}

	List<EntryView> allMine(UUID userId) {
		List<Entry> mine = this.entries.ofUser(userId);
		Map<UUID, List<Order>> offers = this.orders.offersOf(mine.stream().map(Entry::id).toList());
		return mine.stream().map((entry) -> view(entry, offers.getOrDefault(entry.id(), List.of()))).toList();
	}

	/**
	 * Offers freed units to the first waiting entries, in order: each gets what came
	 * back, up to the units it still wants and its per-user limit, as an order held for
	 * its account until the offer runs out. Nothing is offered once the sale has ended or
	 * the event is not on sale.
	 */
	@Override
	public List<Offer> offer(UUID ticketTypeId, int units) {
		// most units come back to types nobody waits for: one index look, then nothing
		List<Waiting> first = this.entries.lockFirstWaiting(ticketTypeId, units);
		if (first.isEmpty()) {
			return List.of();
		}
		TicketTypeFacts type = this.catalog.ticketType(ticketTypeId).orElse(null);
		EventFacts event = (type != null) ? this.catalog.event(type.eventId()).orElse(null) : null;
		Instant now = this.clock.instant();
		if (event == null || event.status() != EventStatus.PUBLISHED || !now.isBefore(event.salesEndAt())) {
			return List.of();
		}
		List<Offer> offers = new ArrayList<>();
		int left = units;
		while (!first.isEmpty()) {
			for (Waiting entry : first) {
				int room = type.perUserLimit() - this.inventory.heldBy(ticketTypeId, entry.userId());
				int offered = Math.min(Math.min(entry.quantity() - entry.offered(), left), room);
				if (offered <= 0) {
					this.entries.close(entry.id(), now);
					continue;
				}
				UUID orderId = UUID.randomUUID();
				this.orders.insertReserved(
						new NewHold(orderId, entry.userId(), type.eventId(), List.of(new NewLine(type, offered)), null,
								now, now.plus(this.properties.waitingListOfferTtl()), entry.id()));
				this.entries.offered(entry.id(), offered, now);
				if (offered == room && entry.offered() + offered < entry.quantity()) {
					// its buyer is at the limit now (the units change hands after this
					// call, so a later pass would not see them): nothing more for it
					this.entries.close(entry.id(), now);
				}
				offers.add(new Offer(orderId, entry.userId(), offered));
				left -= offered;
				if (left == 0) {
					break;
				}
			}
			// every entry of this pass was served or closed, unless the units ran out
			first = (left > 0) ? this.entries.lockFirstWaiting(ticketTypeId, left) : List.of();
		}
		this.offeredUnits.increment(units - left);
		return offers;
	}

	private TicketTypeFacts typeOf(UUID eventId, UUID ticketTypeId) {
		return this.catalog.ticketType(ticketTypeId)
			.filter((type) -> type.eventId().equals(eventId))
			.orElseThrow(() -> new NotFound("Ticket type"));
	}

	private EntryView view(Entry entry) {
		return view(entry, this.orders.offersOf(List.of(entry.id())).getOrDefault(entry.id(), List.of()));
	}

	private EntryView view(Entry entry, List<Order> offersMade) {
		String name = this.catalog.ticketType(entry.ticketTypeId()).map(TicketTypeFacts::name).orElse("");
		List<Order.View> offers = offersMade.stream().map(Order::view).toList();
		return new EntryView(entry.id(), entry.eventId(), entry.ticketTypeId(), name, entry.quantity(), entry.offered(),
				entry.status(), entry.place(), entry.joinedAt(), offers);
	}

}
