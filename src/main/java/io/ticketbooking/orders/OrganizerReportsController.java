package io.ticketbooking.orders;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.auth.UserDirectory;
import io.ticketbooking.auth.UserDirectory.Contact;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.CsvWriter;
import io.ticketbooking.shared.KeysetPages;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An event's orders as CSV, and its sales per ticket type and day, for its organizer
 * (docs/organizer-data.md). Only the event's organizer (or an admin) sees an event; to
 * anyone else it does not exist.
 */
@Tag(name = "organizer")
@RestController
@RequestMapping("/api/v1/organizer/events/{id}")
@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
class OrganizerReportsController {

	static final int PAGE = 1000;

	private final SalesRepository sales;

	private final EventCatalog catalog;

	private final UserDirectory users;

	OrganizerReportsController(SalesRepository sales, EventCatalog catalog, UserDirectory users) {
		this.sales = sales;
		this.catalog = catalog;
		this.users = users;
	}

	@Operation(summary = "My event's orders as CSV, every status (organizer or admin)",
			description = "Columns: orderId, createdAt, updatedAt, status, buyerName, buyerEmail, tickets "
					+ "(\"Type × units\" per line, \"; \" between lines), units, total (in the currency's major "
					+ "unit, e.g. 49.00), currency. UTF-8, CRLF, text quoted and formulas neutralised as in the "
					+ "attendee export; streamed in pages.")
	@GetMapping(path = "/orders.csv", produces = "text/csv")
	void orders(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
		EventFacts event = this.catalog.organizedBy(caller, id);
		Map<UUID, String> typeNames = this.catalog.ticketTypeNames(id);
		CsvWriter csv = CsvWriter.download(response, "orders-" + event.id() + ".csv");
		csv.header("orderId", "createdAt", "updatedAt", "status", "buyerName", "buyerEmail", "tickets", "units",
				"total", "currency");
		KeysetPages.forEach(PAGE, (after, size) -> this.sales.orders(id, after, size), SalesRepository.OrderRow::id,
				(page) -> {
					Map<UUID, Contact> contacts = this.users
						.contacts(page.stream().map(SalesRepository.OrderRow::userId).collect(Collectors.toSet()));
					for (SalesRepository.OrderRow order : page) {
						Contact buyer = contacts.get(order.userId());
						String tickets = order.lines()
							.stream()
							.map((line) -> typeNames.getOrDefault(line.ticketTypeId(), "?") + " × " + line.quantity())
							.collect(Collectors.joining("; "));
						csv.row(order.id(), order.createdAt(), order.updatedAt(), order.status(),
								(buyer != null) ? buyer.fullName() : null, (buyer != null) ? buyer.email() : null,
								tickets, order.units(), major(order.total(), order.currency()), order.currency());
					}
					csv.flush();
				});
	}

	/**
	 * @param revenue in minor units of {@code currency}
	 */
	record DaySales(LocalDate date, UUID ticketTypeId, String ticketTypeName, long units, long revenue,
			String currency) {
	}

	record TypeTotal(UUID ticketTypeId, String name, long units, long revenue, String currency) {
	}

	/**
	 * @param zone the event's time zone, in which the days are counted
	 * @param days one entry per day and ticket type with sales, in date order
	 * @param ticketTypes every ticket type of the event, with its totals
	 */
	record SalesReport(UUID eventId, String zone, List<DaySales> days, List<TypeTotal> ticketTypes) {
	}

	@Operation(summary = "My event's paid units and revenue per ticket type and day (organizer or admin)",
			description = "Days in the event's time zone; a paid order counts on the day it was confirmed. "
					+ "Revenue in minor units, as the prices. Orders refunded or cancelled later do not count.")
	@GetMapping("/sales-report")
	SalesReport salesReport(Caller caller, @PathVariable UUID id) {
		EventFacts event = this.catalog.organizedBy(caller, id);
		Map<UUID, TicketTypeFacts> types = new LinkedHashMap<>();
		this.catalog.ticketTypesOf(id).forEach((t) -> types.put(t.id(), t));
		Map<UUID, long[]> totals = new LinkedHashMap<>();
		List<DaySales> days = new ArrayList<>();
		for (SalesRepository.DayRow row : this.sales.dailySales(id, event.zone())) {
			TicketTypeFacts type = types.get(row.ticketTypeId());
			days.add(new DaySales(row.date(), row.ticketTypeId(), type.name(), row.units(), row.revenue(),
					type.currency()));
			long[] total = totals.computeIfAbsent(row.ticketTypeId(), (k) -> new long[2]);
			total[0] += row.units();
			total[1] += row.revenue();
		}
		List<TypeTotal> ticketTypes = types.values().stream().map((t) -> {
			long[] total = totals.getOrDefault(t.id(), new long[2]);
			return new TypeTotal(t.id(), t.name(), total[0], total[1], t.currency());
		}).toList();
		return new SalesReport(id, event.zone().getId(), days, ticketTypes);
	}

	/** An amount in minor units in the currency's major unit, e.g. 4900 EUR → 49.00. */
	static BigDecimal major(long minor, String currency) {
		return BigDecimal.valueOf(minor, Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits()));
	}

}
