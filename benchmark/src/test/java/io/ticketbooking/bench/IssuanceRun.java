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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The issuance mode's client (docs/benchmarks.md, MODE=issuance).
 *
 * <p>
 * {@code IssuanceRun pay <dir> <round> <first buyer> <orders>}: that many buyers of
 * tokens.csv each reserve ISSUE_QUANTITY tickets of the round's event (BenchSetup's
 * {@code issue.<round>.*}) and pay on the simulated provider's checkout page, which sends
 * the signed webhook; at most CONCURRENCY requests in flight. Writes
 * {@code issuance-<round>-pay.txt}: orders paid, statuses per route, and the wall-clock
 * times (epoch ms) of the first and last confirmation, each taken when the checkout page
 * answered (the webhook has been accepted then).
 *
 * <p>
 * {@code IssuanceRun watch <dir> <round> <tickets expected>}: every 200 ms counts the
 * round's ticket rows and stored PDFs in PostgreSQL, until every expected ticket has its
 * PDF (or WATCH_TIMEOUT_SECONDS). Writes every sample to {@code issuance-<round>-series.tsv}
 * (epoch ms, rows, PDFs stored).
 */
public final class IssuanceRun {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final Map<String, AtomicInteger> STATUSES = new ConcurrentHashMap<>();

	private IssuanceRun() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[1]);
		String round = args[2];
		Map<String, String> properties = Files.readAllLines(dir.resolve("run.properties"))
			.stream()
			.filter((line) -> line.contains("="))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf('=')),
					(line) -> line.substring(line.indexOf('=') + 1)));
		String eventId = properties.get("issue." + round + ".eventId");
		String ticketTypeId = properties.get("issue." + round + ".ticketTypeId");
		if ("pay".equals(args[0])) {
			List<String> tokens = Files.readAllLines(dir.resolve("tokens.csv"))
				.stream()
				.filter((line) -> line.contains("."))
				.toList();
			int from = Integer.parseInt(args[3]);
			int orders = Integer.parseInt(args[4]);
			pay(dir, round, eventId, ticketTypeId, tokens.subList(from, from + orders));
		}
		else {
			watch(dir, round, eventId, Integer.parseInt(args[3]));
		}
	}

	private static void pay(Path dir, String round, String eventId, String ticketTypeId, List<String> tokens)
			throws Exception {
		String base = env("BASE_URL", "http://127.0.0.1:8000");
		int quantity = Integer.parseInt(env("ISSUE_QUANTITY", "2"));
		Semaphore inFlight = new Semaphore(Integer.parseInt(env("CONCURRENCY", "64")));
		AtomicLong firstPaid = new AtomicLong(Long.MAX_VALUE);
		AtomicLong lastPaid = new AtomicLong();
		AtomicInteger paid = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		long started = System.currentTimeMillis();
		try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (String token : tokens) {
				buyers.submit(() -> {
					inFlight.acquireUninterruptibly();
					try {
						String order = JSON
							.readTree(send(base, "POST", "/api/v1/orders", token,
									"{\"eventId\":\"%s\",\"ticketTypeId\":\"%s\",\"quantity\":%d}".formatted(eventId,
											ticketTypeId, quantity),
									201))
							.path("id")
							.asText();
						URI checkout = URI.create(JSON
							.readTree(send(base, "POST", "/api/v1/orders/" + order + "/payment", token, "", 201))
							.path("checkoutUrl")
							.asText());
						String page = send(base, "POST", checkout.getPath() + "/pay", null, null, 200);
						if (!page.contains("Payment received")) {
							throw new IllegalStateException("the checkout page did not confirm: " + page);
						}
						long now = System.currentTimeMillis();
						firstPaid.accumulateAndGet(now, Math::min);
						lastPaid.accumulateAndGet(now, Math::max);
						paid.incrementAndGet();
					}
					catch (Exception ex) {
						failed.incrementAndGet();
					}
					finally {
						inFlight.release();
					}
				});
			}
		}
		long ended = System.currentTimeMillis();
		List<String> report = new ArrayList<>();
		report.add("# IssuanceRun pay: %d buyers, %d tickets each, concurrency %s".formatted(tokens.size(), quantity,
				env("CONCURRENCY", "64")));
		report.add("orders_paid=" + paid.get());
		report.add("orders_failed=" + failed.get());
		report.add("tickets_expected=" + paid.get() * quantity);
		report.add("started_ms=" + started);
		report.add("first_paid_ms=" + firstPaid.get());
		report.add("last_paid_ms=" + lastPaid.get());
		report.add("ended_ms=" + ended);
		report.add("pay_seconds=%.1f".formatted((ended - started) / 1000.0));
		new TreeMap<>(STATUSES).forEach((k, v) -> report.add("status " + k + " " + v.get()));
		Files.write(dir.resolve("issuance-" + round + "-pay.txt"), report);
		report.forEach(System.out::println);
	}

	private static void watch(Path dir, String round, String eventId, int expected) throws Exception {
		long deadline = System.currentTimeMillis() + 1000L * Integer.parseInt(env("WATCH_TIMEOUT_SECONDS", "900"));
		List<String> series = new ArrayList<>();
		series.add("# epoch_ms\trows\tpdfs (tickets of event " + eventId + ", " + expected + " expected)");
		try (Connection db = DriverManager.getConnection(
				env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/ticketbooking_bench"), env("DB_USER", "postgres"),
				env("DB_PASSWORD", ""));
				PreparedStatement count = db.prepareStatement(
						"select count(*), count(pdf_key) from tickets where event_id = ?::uuid")) {
			count.setString(1, eventId);
			while (true) {
				long now = System.currentTimeMillis();
				long rows;
				long pdfs;
				try (ResultSet rs = count.executeQuery()) {
					rs.next();
					rows = rs.getLong(1);
					pdfs = rs.getLong(2);
				}
				series.add(now + "\t" + rows + "\t" + pdfs);
				if (pdfs >= expected || now > deadline) {
					break;
				}
				Thread.sleep(Duration.ofMillis(200));
			}
		}
		Files.write(dir.resolve("issuance-" + round + "-series.tsv"), series);
	}

	private static String send(String base, String method, String path, String token, String json, int expected) {
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
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			STATUSES.computeIfAbsent(method + " " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}") + " "
					+ response.statusCode(), (k) -> new AtomicInteger()).incrementAndGet();
			if (response.statusCode() != expected) {
				throw new IllegalStateException(method + " " + path + " → " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
