package io.ticketbooking.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The waiting room's sell-out (docs/waiting-room.md, docs/benchmarks.md): every buyer of
 * tokens.csv joins the queue of BenchSetup's {@code queue.*} event, the organizer opens the
 * sale (the pre-queue is drawn), then buyers behave as the waiting page does: each reads its
 * place, waits about half its estimated wait (1 to 20 s), and once admitted reserves one
 * ticket and pays on the simulated provider's checkout page. A buyer is done when it bought,
 * or when its place says SOLD_OUT. At most CONCURRENCY requests are in flight.
 *
 * <p>
 * Usage: {@code QueueSellOut open <dir>} (join everyone, hold admission at 1 a minute, open;
 * then the position reads can be measured on a drawn line) and {@code QueueSellOut sell <dir>}
 * (the rate goes to QUEUE_RATE and the sale runs to its end). Reads BASE_URL, DB_URL, DB_USER,
 * DB_PASSWORD, CONCURRENCY, QUEUE_RATE, SELL_TIMEOUT_SECONDS; the event from
 * {@code <dir>/run.properties}. Writes {@code <dir>/queue-open.txt} and
 * {@code <dir>/queue-sellout.txt}.
 */
public final class QueueSellOut {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final Map<String, AtomicInteger> STATUSES = new ConcurrentHashMap<>();

	private static Semaphore inFlight;

	private static String base;

	private QueueSellOut() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[1]);
		base = env("BASE_URL", "http://127.0.0.1:8000");
		inFlight = new Semaphore(Integer.parseInt(env("CONCURRENCY", "256")));
		Map<String, String> properties = Files.readAllLines(dir.resolve("run.properties"))
			.stream()
			.filter((line) -> line.contains("="))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf('=')),
					(line) -> line.substring(line.indexOf('=') + 1)));
		String eventId = properties.get("queue.eventId");
		String organizer = Files.readString(dir.resolve("organizer-token.txt")).trim();
		List<String> tokens = Files.readAllLines(dir.resolve("tokens.csv"))
			.stream()
			.filter((line) -> line.contains("."))
			.toList();
		if ("open".equals(args[0])) {
			open(dir, eventId, organizer, tokens);
		}
		else {
			sell(dir, eventId, properties.get("queue.ticketTypeId"), Integer.parseInt(properties.get("queue.capacity")),
					organizer, tokens);
		}
	}

	/** Everyone joins; admission is held at 1 a minute; the sale opens and the line is drawn. */
	private static void open(Path dir, String eventId, String organizer, List<String> tokens) throws Exception {
		List<String> report = new ArrayList<>();
		rate(eventId, organizer, 1);
		long started = System.nanoTime();
		List<Thread> joiners = new ArrayList<>();
		AtomicInteger joined = new AtomicInteger();
		for (String token : tokens) {
			joiners.add(Thread.ofVirtual().start(() -> {
				while (true) {
					HttpResponse<String> response = send("POST", "/api/v1/events/" + eventId + "/queue", token, "{}");
					if (response.statusCode() == 200) {
						joined.incrementAndGet();
						return;
					}
					if (response.statusCode() != 429) {
						throw new IllegalStateException("join → " + response.statusCode() + " " + response.body());
					}
					sleep(Duration.ofSeconds(
							Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
				}
			}));
		}
		for (Thread joiner : joiners) {
			joiner.join();
		}
		double joinSeconds = (System.nanoTime() - started) / 1e9;
		report.add("buyers joined (the rest of the pre-queue after wrk's joins): %d in %.1f s"
			.formatted(joined.get(), joinSeconds));
		JsonNode queue = get("/api/v1/events/" + eventId + "/queue", null);
		report.add("pre-queue before the opening: waiting=%d state=%s".formatted(queue.path("waiting").asLong(),
				queue.path("state").asText()));

		long opened = System.nanoTime();
		send("PATCH", "/api/v1/events/" + eventId, organizer,
				"{\"salesStartAt\":\"" + Instant.now().minusSeconds(1) + "\"}");
		while (!"OPEN".equals(queue.path("state").asText())) {
			sleep(Duration.ofMillis(50));
			queue = get("/api/v1/events/" + eventId + "/queue", null);
		}
		report.add("opening to a drawn line: %.2f s; draw: entrants=%d seed=%s drawnAt=%s".formatted(
				(System.nanoTime() - opened) / 1e9, queue.path("draw").path("entrants").asLong(),
				queue.path("draw").path("seed").asText(), queue.path("draw").path("drawnAt").asText()));
		report.add("statuses: " + new TreeMap<>(STATUSES));
		Files.write(dir.resolve("queue-open.txt"), report);
		report.forEach(System.out::println);
	}

	private enum Outcome {

		BOUGHT, TOLD_SOLD_OUT, EXPIRED, GAVE_UP

	}

	/** The rate goes up and every buyer follows its place until it bought or is told. */
	private static void sell(Path dir, String eventId, String ticketTypeId, int capacity, String organizer,
			List<String> tokens) throws Exception {
		int rate = Integer.parseInt(env("QUEUE_RATE", "60000"));
		Duration timeout = Duration.ofSeconds(Long.parseLong(env("SELL_TIMEOUT_SECONDS", "900")));
		Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		AtomicLong reads = new AtomicLong();
		AtomicReference<Instant> firstSoldOut = new AtomicReference<>();
		AtomicReference<Instant> lastOutcome = new AtomicReference<>();
		Instant deadline = Instant.now().plus(timeout);
		Instant started = Instant.now();
		rate(eventId, organizer, rate);
		List<Thread> buyers = new ArrayList<>();
		for (String token : tokens) {
			buyers.add(Thread.ofVirtual().start(() -> {
				Outcome outcome = follow(eventId, ticketTypeId, token, deadline, reads, firstSoldOut);
				outcomes.computeIfAbsent(outcome, (o) -> new AtomicInteger()).incrementAndGet();
				lastOutcome.accumulateAndGet(Instant.now(),
						(a, b) -> (a == null || b.isAfter(a)) ? b : a);
			}));
		}
		for (Thread buyer : buyers) {
			buyer.join();
		}
		Instant ended = Instant.now();

		List<String> report = new ArrayList<>();
		report.add("buyers=%d capacity=%d rate=%d/min concurrency=%s".formatted(tokens.size(), capacity, rate,
				env("CONCURRENCY", "256")));
		report.add("outcomes: " + new TreeMap<>(outcomes));
		report.add("place reads by buyers: " + reads.get());
		report.add("sell-out started (rate raised) to the queue's SOLD_OUT seen by a buyer: %s".formatted(
				(firstSoldOut.get() == null) ? "never" : seconds(started, firstSoldOut.get())));
		report.add("sell-out started to the last buyer told: %s (whole run %s)"
			.formatted((lastOutcome.get() == null) ? "-" : seconds(started, lastOutcome.get()), seconds(started, ended)));
		report.add("statuses: " + new TreeMap<>(STATUSES));
		try (Connection db = DriverManager.getConnection(env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/ticketbooking_bench"),
				env("DB_USER", "postgres"), env("DB_PASSWORD", ""));
				ResultSet rs = db.createStatement()
					.executeQuery("select tt.capacity, "
							+ "coalesce(sum(o.quantity) filter (where o.status = 'CONFIRMED'), 0) as sold, "
							+ "coalesce(sum(o.quantity) filter (where o.status = 'RESERVED'), 0) as held, "
							+ "(select count(*) from inventory_units u where u.ticket_type_id = tt.id "
							+ "and u.order_id is not null) as unit_rows_taken, "
							+ "count(distinct o.user_id) filter (where o.status = 'CONFIRMED') as buyers_with_tickets "
							+ "from ticket_types tt left join orders o on o.ticket_type_id = tt.id where tt.id = '"
							+ UUID.fromString(ticketTypeId) + "' group by tt.id")) {
			rs.next();
			long sold = rs.getLong("sold");
			report.add("PostgreSQL: capacity=%d sold=%d held=%d oversold=%d unit_rows_taken=%d buyers_with_tickets=%d"
				.formatted(rs.getLong("capacity"), sold, rs.getLong("held"), Math.max(0, sold - rs.getLong("capacity")),
						rs.getLong("unit_rows_taken"), rs.getLong("buyers_with_tickets")));
		}
		JsonNode queue = get("/api/v1/events/" + eventId + "/queue", null);
		report.add("queue at the end: state=%s admitted=%d waiting=%d".formatted(queue.path("state").asText(),
				queue.path("admitted").asLong(), queue.path("waiting").asLong()));
		Files.write(dir.resolve("queue-sellout.txt"), report);
		report.forEach(System.out::println);
	}

	/** One buyer, as the waiting page behaves without its stream (polling its place). */
	private static Outcome follow(String eventId, String ticketTypeId, String token, Instant deadline,
			AtomicLong reads, AtomicReference<Instant> firstSoldOut) {
		while (Instant.now().isBefore(deadline)) {
			JsonNode place = get("/api/v1/events/" + eventId + "/queue/me", token);
			reads.incrementAndGet();
			switch (place.path("status").asText()) {
				case "SOLD_OUT" -> {
					firstSoldOut.compareAndSet(null, Instant.now());
					return Outcome.TOLD_SOLD_OUT;
				}
				case "EXPIRED" -> {
					return Outcome.EXPIRED;
				}
				case "ADMITTED" -> {
					if (buy(eventId, ticketTypeId, token)) {
						return Outcome.BOUGHT;
					}
					// admitted while the last units went: follow the place until it is told
					sleep(Duration.ofSeconds(2));
				}
				case "WAITING" -> {
					long wait = place.path("estimatedWaitSeconds").asLong(1);
					sleep(Duration.ofMillis(Math.clamp(wait * 500, 1_000, 20_000)));
				}
				default -> sleep(Duration.ofSeconds(2));
			}
		}
		return Outcome.GAVE_UP;
	}

	/** Reserves one ticket and pays on the simulated checkout page; answers whether it bought. */
	private static boolean buy(String eventId, String ticketTypeId, String token) {
		HttpResponse<String> reserved = send("POST", "/api/v1/orders", token,
				"{\"eventId\":\"%s\",\"ticketTypeId\":\"%s\",\"quantity\":1}".formatted(eventId, ticketTypeId));
		if (reserved.statusCode() != 201) {
			return false;
		}
		String orderId = read(reserved.body()).path("id").asText();
		HttpResponse<String> payment = send("POST", "/api/v1/orders/" + orderId + "/payment", token, "");
		if (payment.statusCode() != 201) {
			throw new IllegalStateException("payment of " + orderId + " → " + payment.statusCode());
		}
		URI checkout = URI.create(read(payment.body()).path("checkoutUrl").asText());
		HttpResponse<String> paid = send("POST", checkout.getPath() + "/pay", null, null);
		if (paid.statusCode() / 100 != 2) {
			throw new IllegalStateException("checkout of " + orderId + " → " + paid.statusCode());
		}
		return true;
	}

	private static void rate(String eventId, String organizer, int rate) {
		JsonNode queue = get("/api/v1/events/" + eventId, null).path("queue");
		send("PUT", "/api/v1/events/" + eventId + "/queue/settings", organizer,
				"{\"preQueueOpensAt\":\"%s\",\"ratePerMinute\":%d,\"admissionWindowSeconds\":%d}".formatted(
						queue.path("preQueueOpensAt").asText(), rate, queue.path("admissionWindowSeconds").asLong()));
	}

	private static JsonNode get(String path, String token) {
		HttpResponse<String> response = send("GET", path, token, null);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + path + " → " + response.statusCode() + " " + response.body());
		}
		return read(response.body());
	}

	private static HttpResponse<String> send(String method, String path, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(60))
			.method(method, (json == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		inFlight.acquireUninterruptibly();
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			STATUSES.computeIfAbsent(method + " " + route(path) + " " + response.statusCode(),
					(k) -> new AtomicInteger())
				.incrementAndGet();
			if (method.equals("PUT") || method.equals("PATCH")) {
				if (response.statusCode() != 200) {
					throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " "
							+ response.body());
				}
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			inFlight.release();
		}
	}

	/** The path with its ids replaced, to count statuses per route. */
	private static String route(String path) {
		return path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}");
	}

	private static JsonNode read(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (Exception ex) {
			throw new IllegalStateException("not JSON: " + json, ex);
		}
	}

	private static String seconds(Instant from, Instant to) {
		return "%.1f s".formatted(Duration.between(from, to).toMillis() / 1000.0);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
