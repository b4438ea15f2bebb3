package io.ticketbooking.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The report of the faults mid-sale: each fault and how the system recovered, the answers
 * of each phase, and the checks after.
 */
final class MidSaleReport {

	private final Path file;

	private final String title;

	private final String setup;

	private final List<String> faults = new ArrayList<>();

	/**
	 * @param title what the report is about
	 * @param setup one sentence on how the sale was run
	 */
	MidSaleReport(Path file, String title, String setup) {
		this.file = file;
		this.title = title;
		this.setup = setup;
	}

	void fault(String fault, String recovery, Map<String, AtomicLong> during) {
		this.faults.add("| " + fault + " | " + recovery + " | " + ((during != null) ? during.toString() : "") + " |");
	}

	void write(Sale sale, Load load, Invariants check, Drain drain) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# " + this.title + ": " + Instant.now());
		lines.add("");
		lines.add(this.setup);
		lines.add("");
		lines.add("| fault | recovery | answers while it lasted |");
		lines.add("|---|---|---|");
		lines.addAll(this.faults);
		lines.add("");
		lines.add("| phase | answers |");
		lines.add("|---|---|");
		for (String window : load.windows) {
			lines.add("| " + window + " | " + load.window(window) + " |");
		}
		lines.add("");
		lines.add("| check | observed |");
		lines.add("|---|---|");
		lines.add("| reservations answered 201 | " + load.won.size() + " (by the address asked: "
				+ new TreeMap<>(load.won.stream().collect(Collectors.groupingBy(Load.Won::via, Collectors.counting())))
				+ ") |");
		lines.add("| of them lost (no order) | " + check.lostOrders().size() + " |");
		lines.add("| payments accepted (webhook 2xx) | " + load.paid.size() + ", not confirmed: "
				+ check.paidNotConfirmed().size() + " |");
		lines.add("| holds cancelled by their owner | " + load.cancelled.size() + " |");
		lines.add("| units sold (CONFIRMED) | " + check.confirmedUnits() + " of " + sale.capacity() + " |");
		lines.add("| units taken in PostgreSQL vs. orders' quantities | " + check.unitsTaken() + " vs. "
				+ check.heldOrSold() + "; orders with wrong units: " + check.wrongUnits().size() + " |");
		lines.add("| Redis stock after all holds ended | " + check.redisStock() + " (free in PostgreSQL: "
				+ (sale.capacity() - check.unitsTaken()) + ") |");
		lines.add("| confirmed orders without exactly their tickets | " + check.withoutTickets().size() + " |");
		lines.add("| unexpected answers | " + check.unexpected().size() + " "
				+ check.unexpected().stream().limit(5).toList() + " |");
		lines.add("| then the rest bought one by one until the gate said SOLD_OUT | " + drain.bought()
				+ " units; unsold in PostgreSQL afterwards: " + drain.freeInPostgres() + "; gate stock: "
				+ drain.redisStock() + " |");
		Reports.write(this.file, lines);
	}

}
