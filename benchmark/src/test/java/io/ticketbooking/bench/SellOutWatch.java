package io.ticketbooking.bench;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * Times a sell-out by its commits, from outside the application.
 * <p>
 * {@code orders.created_at} is the application's clock when the request began, before its
 * transaction, so first-to-last {@code created_at} is not when the sales were made: a winner that
 * waited 30 s for the hot row still carries its arrival time. PostgreSQL records commit times
 * only with {@code track_commit_timestamp = on} (off by default, and a server restart to change).
 * So this polls, every {@code WATCH_INTERVAL_MS} (default 50), how many units of the sell-out's
 * ticket type are sold in committed orders. A statement sees exactly the transactions committed
 * before it started, so the first commit lies between the last poll that saw none and the first
 * that saw some, and the last commit between the last poll short of the final count and the first
 * that saw it: the duration is known within one interval at each end. The query counts orders
 * (both strategies write them; the Postgres-only baseline claims no unit rows), in every status.
 * <p>
 * If {@code track_commit_timestamp} is on, the exact first and last commit times of the orders
 * are printed as well.
 * <p>
 * Usage: {@code SellOutWatch <runDir>}; reads run.properties (sellout.ticketTypeId,
 * sellout.capacity) and DB_URL, DB_USER, DB_PASSWORD, WATCH_INTERVAL_MS, WATCH_MAX_SECONDS
 * (default 600); stops when every unit is sold, or when {@code <runDir>/sellout.stop} exists and
 * the count has not changed for 3 s. Writes {@code sellout-commits.csv} (database clock, units
 * sold, orders) and prints a Markdown summary.
 */
public final class SellOutWatch {

	private SellOutWatch() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		Properties run = new Properties();
		try (InputStream in = new FileInputStream(dir.resolve("run.properties").toFile())) {
			run.load(in);
		}
		UUID ticketType = UUID.fromString(run.getProperty("sellout.ticketTypeId"));
		long capacity = Long.parseLong(run.getProperty("sellout.capacity"));
		long intervalMs = Long.parseLong(env("WATCH_INTERVAL_MS", "50"));
		Duration max = Duration.ofSeconds(Long.parseLong(env("WATCH_MAX_SECONDS", "600")));
		Path stop = dir.resolve("sellout.stop");

		try (Connection db = DriverManager.getConnection(env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/ticketbooking_bench"),
				env("DB_USER", "postgres"), env("DB_PASSWORD", ""));
				PreparedStatement poll = db.prepareStatement("select statement_timestamp(), coalesce(sum(quantity), 0), "
						+ "count(*) from orders where ticket_type_id = ?");
				PrintWriter csv = new PrintWriter(Files.newBufferedWriter(dir.resolve("sellout-commits.csv")))) {
			db.setAutoCommit(true);
			poll.setObject(1, ticketType);
			csv.println("db_time,units_sold,orders");
			Instant started = null;
			Instant lastNone = null; // last poll that saw no sale
			Instant firstSome = null; // first poll that saw a sale
			Instant lastShort = null; // last poll short of the latest count
			Instant firstFinal = null; // first poll that saw the latest count
			Instant previous = null; // the poll before this one
			long units = 0;
			Instant lastChangeLocal = Instant.now();
			Instant begin = Instant.now();
			while (true) {
				Instant at;
				long seen;
				long orders;
				try (ResultSet rs = poll.executeQuery()) {
					rs.next();
					at = rs.getTimestamp(1).toInstant();
					seen = rs.getLong(2);
					orders = rs.getLong(3);
				}
				csv.println(at + "," + seen + "," + orders);
				if (started == null) {
					started = at;
				}
				if (seen == 0) {
					lastNone = at;
				}
				else if (firstSome == null) {
					firstSome = at;
				}
				if (seen != units) {
					lastShort = previous;
					firstFinal = at;
					units = seen;
					lastChangeLocal = Instant.now();
				}
				previous = at;
				if (units >= capacity) {
					break;
				}
				Instant now = Instant.now();
				if (Files.exists(stop) && Duration.between(lastChangeLocal, now).toSeconds() >= 3) {
					break;
				}
				if (Duration.between(begin, now).compareTo(max) > 0) {
					break;
				}
				Thread.sleep(intervalMs);
			}
			csv.flush();

			System.out.println("| sell-out timed by commits (polled every " + intervalMs + " ms) | |");
			System.out.println("|---|---|");
			System.out.println("| units sold / capacity | " + units + " / " + capacity + " |");
			System.out.println("| watch started (database clock) | " + started + " |");
			if (firstSome == null) {
				System.out.println("| first commit | none seen |");
			}
			else {
				System.out.println("| first commit | between " + lastNone + " and " + firstSome + " |");
				System.out.println("| last commit | between " + lastShort + " and " + firstFinal + " |");
				double low = seconds(firstSome, lastShort);
				double high = seconds(lastNone, firstFinal);
				System.out.printf("| **first to last commit** | **%.2f s** (between %.2f and %.2f s) |%n",
						(low + high) / 2, Math.max(low, 0), high);
				System.out.printf("| watch start to last commit | ≤ %.2f s |%n", seconds(started, firstFinal));
			}
			exactCommitTimes(db, ticketType);
		}
	}

	private static void exactCommitTimes(Connection db, UUID ticketType) throws Exception {
		try (ResultSet on = db.createStatement().executeQuery("show track_commit_timestamp")) {
			on.next();
			if (!"on".equals(on.getString(1))) {
				System.out.println("| exact commit times | not recorded (track_commit_timestamp is off) |");
				return;
			}
		}
		try (PreparedStatement query = db.prepareStatement("select min(pg_xact_commit_timestamp(xmin)), "
				+ "max(pg_xact_commit_timestamp(xmin)) from orders where ticket_type_id = ?")) {
			query.setObject(1, ticketType);
			try (ResultSet rs = query.executeQuery()) {
				rs.next();
				Timestamp first = rs.getTimestamp(1);
				Timestamp last = rs.getTimestamp(2);
				if (first != null && last != null) {
					System.out.printf("| exact first to last commit (track_commit_timestamp) | %.3f s |%n",
							seconds(first.toInstant(), last.toInstant()));
				}
			}
		}
	}

	private static double seconds(Instant from, Instant to) {
		if (from == null || to == null) {
			return Double.NaN;
		}
		return Duration.between(from, to).toNanos() / 1e9;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
