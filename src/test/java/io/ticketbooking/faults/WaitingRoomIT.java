package io.ticketbooking.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.Range;
import io.ticketbooking.config.RedisLink;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.RedisLinks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19: the waiting room on two instances. Buyers join through both; the admission
 * rate holds within ±5 % over a minute although the instance that admits is killed
 * halfway (the other takes the lease over); nobody is admitted twice; no instance lets a
 * buyer reserve without an admission; an admitted buyer reserves through either.
 * <p>
 * Runs in the faults profile; report: {@code target/faults/waiting-room.md}.
 */
class WaitingRoomIT {

	static final int RATE = 1_200;

	static final int BUYERS = 2_500;

	static final Path OUT = Path.of("target", "faults");

	static Fleet fleet;

	static ServiceInstance first;

	static ServiceInstance second;

	static String jwtKey;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		Deployment.assertServicesNamed("run with the machine's services named, see docs/reliability.md");
		// every joiner here comes from 127.0.0.1
		fleet = Fleet.start(List.of("queue-first", "queue-second"), Duration.ofMinutes(10), OUT,
				Duration.ofSeconds(120), Map.of("QUEUE_JOINS_PER_ADDRESS", "0"));
		first = fleet.instances.get(0);
		second = fleet.instances.get(1);
		jwtKey = fleet.environment.get("JWT_PRIVATE_KEY");
	}

	@AfterAll
	static void stop() throws Exception {
		if (fleet != null) {
			fleet.close();
		}
	}

	@Test
	void theRateHoldsAcrossTwoInstancesAndOnlyAdmittedBuyersReserve() throws Exception {
		Sale sale = Sale.open(first, 10_000, 2, 1);
		String organizer = sale.organizerToken();
		new Http(first.port).put("/api/v1/events/" + sale.eventId() + "/queue/settings",
				Map.of("preQueueOpensAt", Instant.now().minus(Duration.ofHours(1)).toString(), "ratePerMinute", RATE,
						"admissionWindowSeconds", 600))
			.bearer(organizer)
			.execute()
			.assertStatus(200);
		awaitOpen(sale);

		// nobody reserves without an admission, through either instance
		String outsider = token(UUID.randomUUID());
		for (ServiceInstance instance : List.of(first, second)) {
			assertProblem(
					new OrdersApi(new Http(instance.port)).reserve(outsider, sale.eventId(), sale.ticketTypeId(), 1)
						.header("Idempotency-Key", UUID.randomUUID().toString())
						.execute(),
					403, "QUEUE_REQUIRED");
		}

		// buyers join through both instances, in turn; the first one's account is stored
		// (the rest need no row: joining and admission never read one)
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < BUYERS; i++) {
			UUID account = UUID.randomUUID();
			if (i == 0) {
				store(account);
			}
			String token = token(account);
			ServiceInstance through = (i % 2 == 0) ? first : second;
			new Http(through.port).post("/api/v1/events/" + sale.eventId() + "/queue", Map.of())
				.bearer(token)
				.execute()
				.assertStatus(200);
			tokens.add(token);
		}

		long before = admitted(sale);
		long started = System.nanoTime();
		Thread.sleep(30_000);
		ServiceInstance leader = leader();
		leader.kill();
		ServiceInstance survivor = (leader == first) ? second : first;
		Thread.sleep(Duration.ofSeconds(30).minusNanos(System.nanoTime() - started - 30_000_000_000L));
		long after = admitted(sale);
		double minutes = (System.nanoTime() - started) / 60e9;
		double measured = (after - before) / minutes;

		List<String> report = new ArrayList<>();
		report.add("# Waiting room on two instances");
		report.add("");
		report.add("| configured rate | admitted | over | measured rate | the admitting instance killed at |");
		report.add("|---|---|---|---|---|");
		report.add("| " + RATE + "/min | " + (after - before) + " | " + String.format("%.2f min", minutes) + " | "
				+ String.format("%.1f/min (%+.1f %%)", measured, (measured / RATE - 1) * 100) + " | 30 s |");
		Reports.write(OUT.resolve("waiting-room.md"), report);

		assertThat(measured).as("admissions per minute across two instances, configured %d", RATE)
			.isBetween(RATE * 0.95, RATE * 1.05);
		// nobody admitted twice, in the queue and in the gate. The survivor goes on
		// admitting (a batch every look, the gate's hash first), so the counts are
		// compared
		// between two of its batches
		String gateAdmissions = Deployment.gateKey(sale.ticketTypeId()) + ":admitted";
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			try (RedisLink<String, String> redis = RedisLinks.open()) {
				long admitted = admitted(sale);
				long inQueue = redis.sync().hlen("tb:q:{" + sale.eventId() + "}:admitted");
				long inGate = redis.sync().hlen(gateAdmissions);
				List<String> admittedAccounts = redis.sync()
					.zrangebyscore("tb:q:{" + sale.eventId() + "}:line", Range.create(1, admitted));
				assertThat(admitted(sale)).as("no batch between the reads").isEqualTo(admitted);
				assertThat(inQueue).isEqualTo(admitted);
				assertThat(inGate).isEqualTo(admitted);
				assertThat(new HashSet<>(admittedAccounts)).hasSize((int) admitted);
			}
		});
		// the first in line was admitted and reserves through the survivor
		String firstInLine = tokens.get(0);
		assertThat(new Http(survivor.port).get("/api/v1/events/" + sale.eventId() + "/queue/me")
			.bearer(firstInLine)
			.execute()
			.json()
			.path("status")
			.asString()).isEqualTo("ADMITTED");
		new OrdersApi(new Http(survivor.port)).reserve(firstInLine, sale.eventId(), sale.ticketTypeId(), 1)
			.execute()
			.assertStatus(201);
	}

	/** The instance whose admitter is admitting now: its counter moves. */
	private static ServiceInstance leader() throws InterruptedException {
		double firstBefore = admittedBy(first);
		double secondBefore = admittedBy(second);
		Thread.sleep(1_000);
		return (admittedBy(first) > firstBefore) ? first : (admittedBy(second) > secondBefore) ? second : first;
	}

	private static double admittedBy(ServiceInstance instance) {
		String metrics = new Http(instance.port).get("/actuator/prometheus").execute().text();
		return metrics.lines()
			.filter((line) -> line.startsWith("queue_admitted_total"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/**
	 * Waits until the line is open on both instances (each re-reads the queued events
	 * every QUEUE_SETTINGS_REFRESH).
	 */
	private static void awaitOpen(Sale sale) {
		for (ServiceInstance instance : List.of(first, second)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				Http.Response queue = new Http(instance.port).get("/api/v1/events/" + sale.eventId() + "/queue")
					.execute();
				return queue.status() == 200 && "OPEN".equals(queue.json().path("state").asString());
			});
		}
	}

	private static long admitted(Sale sale) {
		try (RedisLink<String, String> redis = RedisLinks.open()) {
			String admitted = redis.sync().hget("tb:q:{" + sale.eventId() + "}", "admitted");
			return (admitted == null) ? 0 : Long.parseLong(admitted);
		}
	}

	/** The account's row, as registering makes one (an order names its buyer's row). */
	private static void store(UUID account) throws Exception {
		try (Connection db = Database.connect();
				PreparedStatement insert = db.prepareStatement(
						"insert into users (id, email, password_hash, full_name) values (?, ?, 'no-login', 'Queued buyer')")) {
			insert.setObject(1, account);
			insert.setString(2, "queued-" + account + "@example.com");
			insert.executeUpdate();
		}
	}

	/** An access token the instances accept, signed with their key, for a new account. */
	private static String token(UUID account) throws Exception {
		String base64 = jwtKey.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("ticket-booking")
			.subject(account.toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.jwtID(UUID.randomUUID().toString())
			.claim("email", "queued-" + account + "@example.com")
			.claim("roles", List.of("CUSTOMER"))
			.claim("account_created", now.minus(Duration.ofDays(30)).getEpochSecond())
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
