package io.ticketbooking.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ticketbooking.support.Http;
import io.ticketbooking.support.OrdersApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.faults.Waits.awaitNoHolds;
import static io.ticketbooking.faults.Waits.awaitSettled;
import static io.ticketbooking.faults.Waits.awaitTickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17: three instances behind nginx (Debian's, with the repository's
 * {@code deploy/nginx/ticket-booking.conf}), round robin, buyers only talking to nginx.
 * Nothing is oversold, every {@code 201} is an order, the availability stream reaches
 * browsers on every instance and through nginx, each hold expires once (the three
 * instances' sweepers together count exactly the expired orders), and the instances see
 * the client's address and scheme through {@code X-Forwarded-*}.
 * <p>
 * Runs in the faults profile against the services the environment names (a single Redis
 * or {@code REDIS_CLUSTER_NODES}); report: {@code target/faults/scale-out.md}.
 */
class ScaleOutIT {

	static final int CAPACITY = 1500;

	static final int PER_USER_LIMIT = 50;

	static final int BUYERS = 120;

	static final int WORKERS = 8;

	static final Duration HOLD_TTL = Duration.ofSeconds(8);

	/**
	 * The three sweepers' expiries are counted over this sale; holds of earlier suites
	 * due within this much time are let to end first, later ones cannot expire meanwhile.
	 */
	static final Duration COUNTING_HORIZON = Duration.ofMinutes(10);

	static final Path OUT = Path.of("target", "faults");

	static Fleet fleet;

	static List<ServiceInstance> instances;

	static Nginx nginx;

	static final MidSaleReport report = new MidSaleReport(OUT.resolve("scale-out.md"), "Three instances behind nginx",
			"Three instances behind nginx (round robin), " + BUYERS + " buyers on " + WORKERS
					+ " workers talking only to nginx, capacity " + CAPACITY + ", hold TTL " + HOLD_TTL.toSeconds()
					+ " s.");

	@BeforeAll
	static void startThreeInstancesBehindNginx() throws Exception {
		Deployment.assertServicesNamed("The scale-out suite needs DB_HOST, RABBITMQ_URL and a Redis");
		fleet = Fleet.start(List.of("A", "B", "C"), HOLD_TTL, OUT, Duration.ofSeconds(180));
		instances = fleet.instances;
		nginx = new Nginx(OUT.resolve("nginx")).start(instances);
	}

	@AfterAll
	static void stop() throws Exception {
		if (nginx != null) {
			nginx.close();
		}
		if (fleet != null) {
			fleet.close();
		}
	}

	@Test
	void aSaleThroughNginxOnThreeInstances() throws Exception {
		ServiceInstance front = nginx.target();
		Sale sale = Sale.open(front, CAPACITY, PER_USER_LIMIT, BUYERS);
		List<AvailabilityWatch> watches = new ArrayList<>();
		for (ServiceInstance instance : instances) {
			watches.add(AvailabilityWatch.open(instance.name, instance.baseUrl(), sale.eventId(), sale.ticketTypeId()));
		}
		for (int i = 0; i < 3; i++) {
			watches.add(AvailabilityWatch.open("nginx-" + i, nginx.baseUrl(), sale.eventId(), sale.ticketTypeId()));
		}
		Map<Integer, Long> before = nginx.requestsPerInstance();
		// holds left by earlier suites (those of the main suite last 10 min,
		// CrashMidClaimIT's
		// 30 min) would expire on these instances too, in the middle of the count: end
		// them
		// now, so that every expiry counted below is one of this sale's
		endHoldsOfEarlierSales(Duration.ofSeconds(30));
		long expiriesBefore = expiriesCounted();

		Load load = new Load(sale, List.of(front));
		load.start(WORKERS);
		try {
			load.runFor(Duration.ofSeconds(20), "three instances behind nginx");
		}
		finally {
			load.stop();
		}
		awaitNoHolds(sale, HOLD_TTL.plusSeconds(30));
		awaitTickets(sale, Duration.ofSeconds(180));
		awaitSettled(sale, Duration.ofSeconds(60));
		Invariants check = Invariants.of(sale, load);
		long expired = Database.count("select count(*) from orders where ticket_type_id = ? and status = 'EXPIRED'",
				sale.ticketTypeId());
		long expiriesCounted = expiriesCounted() - expiriesBefore;

		// one more reservation through nginx: every browser sees the new number, and the
		// polling form, which nginx answers from its cache, follows within its max-age
		int rest = CAPACITY - (int) check.unitsTaken();
		Http viaNginx = new Http(front.port);
		String poll = "/api/v1/events/" + sale.eventId() + "/availability";
		List<String> pollsServed = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Http.Response answer = viaNginx.get(poll).execute().assertStatus(200);
			assertThat(answer.json().path("ticketTypes").path(0).path("available").asInt()).isEqualTo(rest);
			pollsServed.add(answer.header("X-Cache-Status"));
		}
		new OrdersApi(viaNginx).reserve(sale.buyers().getFirst().token(), sale.eventId(), sale.ticketTypeId(), 1)
			.execute()
			.assertStatus(201);
		await("a poll through nginx shows the reservation").atMost(Duration.ofSeconds(5))
			.until(() -> viaNginx.get(poll).execute().json().path("ticketTypes").path(0).path("available").asInt(),
					(available) -> available == rest - 1);
		List<String> missed = new ArrayList<>();
		for (AvailabilityWatch watch : watches) {
			if (!watch.awaitLatest(rest - 1, Duration.ofSeconds(5))) {
				missed.add(watch.via + " (latest " + watch.latest() + ", " + watch.seen.size() + " messages)");
			}
		}

		Map<Integer, Long> passed = nginx.requestsPerInstance();
		passed.replaceAll((port, count) -> count - before.getOrDefault(port, 0L));
		String checkoutUrl = paymentCheckoutUrl(front, sale);

		// holds here last HOLD_TTL (8 s), less than buying the rest one by one takes:
		// each unit is paid at once, or the first ones would come back after the last
		Drain drain = Drain.restPaid(sale, front);
		List<String> stale = watches.stream()
			.filter((watch) -> !awaitLatestQuietly(watch, 0))
			.map((watch) -> watch.via + " (latest " + watch.latest() + ")")
			.toList();
		report.fault("none: three instances behind nginx",
				"requests nginx passed to each instance " + passed + "; expired holds " + expired
						+ ", expiries the three sweepers counted " + expiriesCounted + "; availability streams "
						+ watches.size() + " (one per instance, three through nginx), missed a change: " + missed
						+ ", not at 0 after the sell-out: " + stale + "; 20 polls through nginx, cache status: "
						+ pollsServed,
				load.window("three instances behind nginx"));
		report.write(sale, load, check, drain);
		watches.forEach(AvailabilityWatch::close);

		check.assertAll();
		drain.assertAll();
		assertThat(passed).as("nginx spread the requests over all three instances")
			.containsOnlyKeys(instances.stream().map((i) -> i.port).toArray(Integer[]::new))
			.allSatisfy((port, count) -> assertThat(count).isGreaterThan(50));
		assertThat(expired).as("holds that ran out").isPositive();
		assertThat(expiriesCounted).as("each hold expired once, on one of the three instances").isEqualTo(expired);
		assertThat(missed).as("streams that missed the reservation's new number").isEmpty();
		assertThat(pollsServed).as("20 polls in a row through nginx: most answered from its cache")
			.filteredOn("HIT"::equals)
			.hasSizeGreaterThanOrEqualTo(10);
		assertThat(stale).as("streams not showing the sell-out").isEmpty();
		assertThat(checkoutUrl).as("links carry the address the client used: nginx's (its Host passed through)")
			.startsWith(nginx.baseUrl() + "/");
	}

	/** Holds the three instances' sweepers expired, summed. */
	private static long expiriesCounted() throws Exception {
		long total = 0;
		for (ServiceInstance instance : instances) {
			total += counter(instance, "orders_expired_total");
		}
		return total;
	}

	private static void endHoldsOfEarlierSales(Duration limit) throws Exception {
		long deadline = System.nanoTime() + limit.toNanos();
		// again on every look: a hold of a type with a waiting list that runs out becomes
		// an offer to its next entry, a new hold (docs/waiting-list.md), until the lists
		// are served
		while (Database.count("select count(*) from orders where status = 'RESERVED'") > 0) {
			assertThat(System.nanoTime()).as("the sweepers to expire the holds of earlier sales").isLessThan(deadline);
			try (Connection connection = Database.connect();
					PreparedStatement due = connection.prepareStatement(
							"update orders set expires_at = now() where status = 'RESERVED' and expires_at > now()")) {
				due.executeUpdate();
			}
			Thread.sleep(200);
		}
		// a sweeper counts its batch once the batch's units are back in the gate, a
		// moment
		// after the commit: wait until the count stands still
		long counted = expiriesCounted();
		for (long previous = -1; counted != previous; counted = expiriesCounted()) {
			assertThat(System.nanoTime()).as("the sweepers' counts to settle").isLessThan(deadline);
			previous = counted;
			Thread.sleep(2000);
		}
	}

	private static boolean awaitLatestQuietly(AvailabilityWatch watch, int available) {
		try {
			return watch.awaitLatest(available, Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** The checkout address of a payment started through nginx. */
	private static String paymentCheckoutUrl(ServiceInstance front, Sale sale) {
		OrdersApi orders = new OrdersApi(new Http(front.port));
		Http.Response reserved = orders.reserve(sale.buyers().get(1).token(), sale.eventId(), sale.ticketTypeId(), 1)
			.execute()
			.assertStatus(201);
		String orderId = reserved.json().path("id").asString();
		Http.Response payment = orders.startPayment(sale.buyers().get(1).token(), UUID.fromString(orderId))
			.execute()
			.assertStatus(201);
		return payment.json().path("checkoutUrl").asString();
	}

	private static final Pattern SAMPLE = Pattern.compile("(?m)^(\\w+)(\\{[^}]*\\})?\\s+([0-9.eE+-]+)$");

	/** A counter's value on one instance, from its Prometheus endpoint. */
	private static long counter(ServiceInstance instance, String name) throws Exception {
		String body = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher sample = SAMPLE.matcher(body);
		double total = 0;
		while (sample.find()) {
			if (sample.group(1).equals(name)) {
				total += Double.parseDouble(sample.group(3));
			}
		}
		return (long) total;
	}

}
