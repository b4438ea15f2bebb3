package io.ticketbooking.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.StripeWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in the middle of a sale, against the machine's real PostgreSQL, Redis and
 * RabbitMQ (docs/reliability.md). Two application instances run as separate processes on
 * different ports; buyers reserve, pay through signed webhooks, cancel or let their holds
 * run out, spread over both. While they do, one instance is killed with SIGKILL and
 * restarted, Redis is flushed, RabbitMQ is restarted and PostgreSQL is restarted. Then
 * the invariants of DESIGN.md are checked in PostgreSQL and Redis: nothing oversold,
 * every {@code 201} still an order, every paid order confirmed with exactly its tickets,
 * every unit of an ended hold back exactly once, and both instances serving without a
 * hand on them. Recovery times go to {@code target/faults/report.md}.
 * <p>
 * Run with {@code ./mvnw -Pfaults verify} and {@code DB_HOST}, {@code REDIS_HOST},
 * {@code RABBITMQ_URL} naming services this test may restart ({@code .ci/run} does).
 */
class FaultsMidSaleIT {

	/** Enough that the sale is still on when the last fault hits. */
	static final int CAPACITY = 3000;

	static final int PER_USER_LIMIT = 50;

	static final int BUYERS = 150;

	static final int WORKERS = 8;

	static final Duration HOLD_TTL = Duration.ofSeconds(12);

	static final Path OUT = Path.of("target", "faults");

	static EmbeddedInfrastructure s3;

	static final List<ServiceInstance> instances = new ArrayList<>();

	static final Report report = new Report();

	@BeforeAll
	static void startTwoInstances() throws Exception {
		for (String variable : List.of("DB_HOST", "REDIS_HOST", "RABBITMQ_URL")) {
			assertThat(System.getenv(variable))
				.as("The fault suite restarts real services: set DB_HOST, REDIS_HOST and RABBITMQ_URL "
						+ "(and the FAULTS_RESTART_* commands if the defaults do not fit), see docs/reliability.md")
				.isNotBlank();
		}
		Files.createDirectories(OUT);
		s3 = EmbeddedInfrastructure.start(null); // only S3 is embedded: the rest is named
													// above
		Map<String, String> environment = Deployment.environment();
		environment.put("HOLD_TTL", HOLD_TTL.toSeconds() + "s");
		List<String> arguments = Deployment.arguments(s3);
		Path jar = Deployment.jar();
		for (String name : List.of("A", "B")) {
			ServiceInstance instance = new ServiceInstance(name, jar, environment, arguments, OUT);
			instances.add(instance);
			instance.start();
		}
		for (ServiceInstance instance : instances) {
			instance.awaitHealthy(Duration.ofSeconds(120));
		}
	}

	@AfterAll
	static void stop() throws Exception {
		for (ServiceInstance instance : instances) {
			instance.stop();
		}
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void aSaleSurvivesACrashAFlushAndBrokerAndDatabaseRestarts() throws Exception {
		Sale sale = Sale.open(instances.get(0));
		Load load = new Load(sale, instances);
		load.start(WORKERS);
		try {
			load.runFor(Duration.ofSeconds(8), "warm-up, both instances");

			ServiceInstance a = instances.get(0);
			Instant killed = Instant.now();
			a.kill();
			load.runFor(Duration.ofSeconds(3), "instance A killed (SIGKILL), B serving alone");
			a.start();
			Duration aBack = a.awaitHealthy(Duration.ofSeconds(180));
			report.fault("kill -9 of instance A, then started again",
					"B kept serving throughout; A healthy again " + seconds(aBack) + " after its restart was issued ("
							+ seconds(Duration.between(killed, Instant.now())) + " after the kill)",
					load.window("instance A killed (SIGKILL), B serving alone"));
			load.runFor(Duration.ofSeconds(5), "after the crash, both instances");

			load.runFor(Duration.ZERO, "Redis flushed");
			long flushed = System.nanoTime();
			Deployment.flushRedis();
			Duration rebuilt = awaitGate(sale);
			Duration sellingAfterFlush = load.awaitWinAfter(flushed);
			load.runFor(Duration.ofSeconds(2), "Redis flushed");
			report.fault("Redis FLUSHALL mid-sale",
					"gate rebuilt from PostgreSQL " + seconds(rebuilt) + " after the flush, without a restart; "
							+ "the next reservation won " + seconds(sellingAfterFlush) + " after it",
					load.window("Redis flushed"));
			load.runFor(Duration.ofSeconds(5), "after the Redis flush");

			load.runFor(Duration.ZERO, "RabbitMQ restarting");
			Duration rabbit = restart("RabbitMQ", "FAULTS_RESTART_RABBITMQ",
					"rabbitmqctl stop >/dev/null && rabbitmq-server -detached");
			Duration rabbitHealthy = awaitAllHealthy();
			report.fault("RabbitMQ restarted (stop, start)", "restart command took " + seconds(rabbit)
					+ "; both instances healthy " + seconds(rabbitHealthy)
					+ " after it returned; reservations and payments went on, confirmations waited in the outbox",
					load.window("RabbitMQ restarting"));
			load.runFor(Duration.ofSeconds(6), "after the RabbitMQ restart");

			load.runFor(Duration.ZERO, "PostgreSQL restarting");
			Duration postgres = restart("PostgreSQL", "FAULTS_RESTART_POSTGRES",
					"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main restart -m fast");
			long postgresBack = System.nanoTime();
			Duration postgresHealthy = awaitAllHealthy();
			Duration sellingAfterPostgres = load.awaitWinAfter(postgresBack);
			report.fault("PostgreSQL restarted (fast shutdown, start)",
					"restart command took " + seconds(postgres) + "; both instances healthy " + seconds(postgresHealthy)
							+ " and the next reservation won " + seconds(sellingAfterPostgres) + " after it returned",
					load.window("PostgreSQL restarting"));
			load.runFor(Duration.ofSeconds(6), "after the PostgreSQL restart");
		}
		finally {
			load.stop();
		}

		// every hold ends (expiry or cancel) and every confirmed order gets its tickets
		awaitNoHolds(sale, HOLD_TTL.plusSeconds(30));
		awaitTickets(sale, Duration.ofSeconds(180));
		awaitSettled(sale, Duration.ofSeconds(60));

		Check check = Check.of(sale, load);
		Drain drain = Drain.rest(sale, instances.get(1));
		report.write(sale, load, check, drain);
		check.assertAll();
		drain.assertAll();
	}

	// --- the sale
	// --------------------------------------------------------------------------------------

	record Buyer(String email, String token) {
	}

	record Sale(UUID eventId, UUID ticketTypeId, List<Buyer> buyers) {

		static Sale open(ServiceInstance instance) {
			return open(instance, CAPACITY, PER_USER_LIMIT);
		}

		static Sale open(ServiceInstance instance, int capacity, int perUserLimit) {
			Http http = new Http(instance.port);
			String admin = login(http, "admin@ticketbooking.local", "dev-only-admin-password");
			String organizerEmail = "faults-organizer-" + UUID.randomUUID() + "@example.com";
			register(http, organizerEmail);
			String organizerId = http.get("/api/v1/users/me")
				.bearer(login(http, organizerEmail, "a fine password"))
				.execute()
				.json()
				.path("id")
				.asString();
			Http.Response granted = http
				.post("/api/v1/admin/users/" + organizerId + "/roles", Map.of("roles", List.of("ORGANIZER")))
				.bearer(admin)
				.execute();
			assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
			String organizer = login(http, organizerEmail, "a fine password");
			Instant now = Instant.now();
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("name", "Faults mid-sale " + now);
			event.put("venue", "Chaos Arena");
			event.put("timezone", "UTC");
			event.put("startsAt", now.plus(Duration.ofDays(30)).toString());
			event.put("endsAt", now.plus(Duration.ofDays(30)).plus(Duration.ofHours(3)).toString());
			event.put("salesStartAt", now.minus(Duration.ofMinutes(1)).toString());
			event.put("salesEndAt", now.plus(Duration.ofDays(29)).toString());
			event.put("ticketTypes", List.of(Map.of("name", "Standing", "price", 50_000, "currency", "IDR", "capacity",
					capacity, "perUserLimit", perUserLimit)));
			Http.Response created = http.post("/api/v1/events", event).bearer(organizer).execute();
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			UUID eventId = UUID.fromString(created.json().path("id").asString());
			UUID ticketTypeId = UUID.fromString(created.json().path("ticketTypes").get(0).path("id").asString());
			List<Buyer> buyers = new ArrayList<>();
			for (int i = 0; i < BUYERS; i++) {
				String email = "faults-buyer-" + i + "-" + UUID.randomUUID() + "@example.com";
				buyers.add(new Buyer(email, register(http, email)));
			}
			return new Sale(eventId, ticketTypeId, buyers);
		}

		private static String register(Http http, String email) {
			Http.Response response = http
				.post("/api/v1/auth/register",
						Map.of("email", email, "password", "a fine password", "fullName", "Fault Tester"))
				.execute();
			assertThat(response.status()).as(response.toString()).isEqualTo(201);
			return response.json().path("accessToken").asString();
		}

		private static String login(Http http, String email, String password) {
			Http.Response response = http.post("/api/v1/auth/login", Map.of("email", email, "password", password))
				.execute();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			return response.json().path("accessToken").asString();
		}

	}

	// --- the buyers
	// ---------------------------------------------------------------------------------

	record Won(UUID orderId, int quantity, String via) {
	}

	/** Buyers on virtual threads, spread over the instances that are up. */
	static final class Load {

		final Sale sale;

		final List<ServiceInstance> targets;

		final AtomicBoolean running = new AtomicBoolean(true);

		final List<Thread> workers = new ArrayList<>();

		final Queue<Won> won = new ConcurrentLinkedQueue<>();

		final Set<UUID> paid = ConcurrentHashMap.newKeySet();

		final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

		final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

		final Map<String, Map<String, AtomicLong>> outcomes = new ConcurrentHashMap<>();

		final List<String> windows = new ArrayList<>();

		volatile String window = "start";

		final AtomicInteger next = new AtomicInteger();

		/** When the last reservation was won (System.nanoTime()). */
		final AtomicLong lastWin = new AtomicLong();

		final StripeWebhooks webhooks = new StripeWebhooks(Deployment.WEBHOOK_SECRET);

		Load(Sale sale, List<ServiceInstance> targets) {
			this.sale = sale;
			this.targets = targets;
		}

		void start(int count) {
			for (int i = 0; i < count; i++) {
				this.workers.add(Thread.ofVirtual().name("buyer-", i).start(this::buy));
			}
		}

		void runFor(Duration duration, String name) throws InterruptedException {
			this.window = name;
			synchronized (this.windows) {
				if (!this.windows.contains(name)) {
					this.windows.add(name);
				}
			}
			Thread.sleep(duration);
		}

		/**
		 * Time from {@code since} (System.nanoTime()) until a reservation is won again.
		 */
		Duration awaitWinAfter(long since) throws InterruptedException {
			while (this.lastWin.get() <= since) {
				assertThat(Duration.ofNanos(System.nanoTime() - since)).as("no sale within two minutes")
					.isLessThan(Duration.ofMinutes(2));
				Thread.sleep(20);
			}
			return Duration.ofNanos(this.lastWin.get() - since);
		}

		Map<String, AtomicLong> window(String name) {
			return this.outcomes.getOrDefault(name, Map.of());
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread worker : this.workers) {
				worker.join(Duration.ofSeconds(120));
			}
		}

		private void count(String outcome) {
			this.outcomes.computeIfAbsent(this.window, (k) -> new ConcurrentHashMap<>())
				.computeIfAbsent(outcome, (k) -> new AtomicLong())
				.incrementAndGet();
		}

		private ServiceInstance target() {
			for (int i = 0; i < this.targets.size(); i++) {
				ServiceInstance candidate = this.targets
					.get(Math.floorMod(this.next.getAndIncrement(), this.targets.size()));
				if (candidate.up()) {
					return candidate;
				}
			}
			return this.targets.get(0);
		}

		private void buy() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (this.running.get()) {
				Buyer buyer = this.sale.buyers.get(random.nextInt(this.sale.buyers.size()));
				ServiceInstance instance = target();
				int quantity = 1 + random.nextInt(2);
				Http.Response response = call(instance,
						(http) -> http
							.post("/api/v1/orders", Map.of("eventId", this.sale.eventId, "ticketTypeId",
									this.sale.ticketTypeId, "quantity", quantity))
							.bearer(buyer.token()));
				if (response == null) {
					count("connection refused or reset");
					pause(50);
					continue;
				}
				count("reserve " + response.status());
				if (response.status() == 201) {
					UUID orderId = UUID.fromString(response.json().path("id").asString());
					this.won.add(new Won(orderId, quantity, instance.name));
					this.lastWin.set(System.nanoTime());
					int choice = random.nextInt(100);
					if (choice < 60) {
						pay(buyer, orderId);
					}
					else if (choice < 75) {
						cancel(buyer, orderId);
					}
				}
				else if (response.status() != 409 && response.status() != 503) {
					this.unexpected.add("reserve via " + instance.name + ": " + response);
				}
				pause(50);
			}
		}

		/**
		 * Starts a payment and delivers the provider's signed webhook the way Stripe
		 * does: until 2xx.
		 */
		private void pay(Buyer buyer, UUID orderId) {
			Http.Response started = retry(
					(http) -> http.post("/api/v1/orders/" + orderId + "/payment", "").bearer(buyer.token()), "payment");
			if (started == null || started.status() != 201) {
				if (started != null && started.status() != 409) {
					// 409: the hold ended before the payment started (expired during an
					// outage)
					this.unexpected.add("payment start: " + started);
				}
				return;
			}
			String intent = providerRef(UUID.fromString(started.json().path("paymentId").asString()));
			long amount = started.json().path("amount").asLong();
			byte[] body = StripeWebhooks.event("evt_" + UUID.randomUUID().toString().replace("-", ""),
					"payment_intent.succeeded", intent, amount,
					started.json().path("currency").asString().toLowerCase(), orderId);
			Http.Response delivered = retry(
					(http) -> http.send("POST", "/api/v1/payments/webhook", "application/json", body)
						.header("Stripe-Signature", this.webhooks.signature(body)),
					"webhook");
			if (delivered != null && delivered.status() / 100 == 2) {
				this.paid.add(orderId);
			}
			else {
				this.unexpected.add("webhook never accepted for " + orderId + ": " + delivered);
			}
		}

		private void cancel(Buyer buyer, UUID orderId) {
			Http.Response response = retry(
					(http) -> http.post("/api/v1/orders/" + orderId + "/cancel", "").bearer(buyer.token()), "cancel");
			if (response != null && response.status() == 200) {
				this.cancelled.add(orderId);
			}
			else if (response == null || response.status() != 409) {
				this.unexpected.add("cancel: " + response);
			}
		}

		/**
		 * Retries on refused connections and 503 for up to a minute, like a patient
		 * client.
		 */
		private Http.Response retry(java.util.function.Function<Http, Http.Call> call, String what) {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (System.nanoTime() < deadline) {
				Http.Response response = call(target(), call);
				if (response == null) {
					count(what + " retried (connection)");
				}
				else if (response.status() == 503) {
					count(what + " retried (503)");
				}
				else {
					count(what + " " + response.status());
					return response;
				}
				pause(200);
			}
			return null;
		}

		private static Http.Response call(ServiceInstance instance, java.util.function.Function<Http, Http.Call> call) {
			try {
				return call.apply(new Http(instance.port)).execute();
			}
			catch (UncheckedIOException ex) {
				return null;
			}
		}

		private static String providerRef(UUID paymentId) {
			return Database.query("select provider_ref from payments where id = ?", (rs) -> rs.getString(1), paymentId)
				.getFirst();
		}

		private static void pause(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	// --- faults
	// -----------------------------------------------------------------------------------

	/** Time until the gate of the sale exists in Redis again. */
	static Duration awaitGate(Sale sale) throws InterruptedException {
		long started = System.nanoTime();
		try (RedisClient client = RedisClient.create(Deployment.redisUri());
				StatefulRedisConnection<String, String> redis = client.connect()) {
			while (redis.sync().hget("tb:tt:{" + sale.ticketTypeId() + "}", "stock") == null) {
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
				Thread.sleep(20);
			}
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	static Duration restart(String service, String variable, String fallback) throws Exception {
		String command = System.getenv().getOrDefault(variable, fallback);
		long started = System.nanoTime();
		Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(OUT.resolve("restarts.log").toFile()))
			.start();
		assertThat(process.waitFor()).as(service + " restart: " + command + " (see target/faults/restarts.log)")
			.isZero();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	static Duration awaitAllHealthy() throws InterruptedException {
		long started = System.nanoTime();
		for (ServiceInstance instance : instances) {
			instance.awaitHealthy(Duration.ofSeconds(120));
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	static void awaitNoHolds(Sale sale, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (Database.count("select count(*) from orders where ticket_type_id = ? and status = 'RESERVED'",
				sale.ticketTypeId()) > 0) {
			assertThat(System.nanoTime()).as("holds still RESERVED after " + limit).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	/**
	 * Until no admission is open and no return of freed units waits to be applied: then
	 * the gate must equal PostgreSQL's free units exactly.
	 */
	static void awaitSettled(Sale sale, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (Deployment.openLeases(sale.ticketTypeId()) > 0 || Database
			.count("select count(*) from gate_returns where ticket_type_id = ?", sale.ticketTypeId()) > 0) {
			assertThat(System.nanoTime()).as("admissions or returns still open after " + limit).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	static void awaitTickets(Sale sale, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline && !Check.ordersWithoutTheirTickets(sale).isEmpty()) {
			Thread.sleep(500);
		}
	}

	// --- the invariants
	// -----------------------------------------------------------------------------

	record Check(long unitsTaken, long heldOrSold, long confirmedUnits, Integer redisStock, List<String> wrongUnits,
			List<UUID> lostOrders, List<String> paidNotConfirmed, List<String> withoutTickets,
			List<String> unexpected) {

		static Check of(Sale sale, Load load) {
			UUID tt = sale.ticketTypeId();
			long taken = Database
				.count("select count(*) from inventory_units where ticket_type_id = ? and order_id is not null", tt);
			long heldOrSold = Database.count("select coalesce(sum(quantity), 0) from orders "
					+ "where ticket_type_id = ? and status in ('RESERVED', 'CONFIRMED')", tt);
			long confirmed = Database.count(
					"select coalesce(sum(quantity), 0) from orders where ticket_type_id = ? and status = 'CONFIRMED'",
					tt);
			List<String> wrongUnits = Database.query(InventoryInvariants.ORDERS_WITH_WRONG_UNITS,
					(rs) -> rs.getString(1), tt);
			Set<UUID> stored = Set.copyOf(Database.query("select id from orders where ticket_type_id = ?",
					(rs) -> rs.getObject(1, UUID.class), tt));
			List<UUID> lost = load.won.stream().map(Won::orderId).filter((id) -> !stored.contains(id)).toList();
			List<String> paidNotConfirmed = new ArrayList<>();
			for (UUID id : load.paid) {
				String status = Database.query("select status from orders where id = ?", (rs) -> rs.getString(1), id)
					.getFirst();
				if (!status.equals("CONFIRMED") && !status.equals("REFUND_REQUIRED")) {
					paidNotConfirmed.add(id + " " + status);
				}
			}
			return new Check(taken, heldOrSold, confirmed, Deployment.redisStock(tt), wrongUnits, lost,
					paidNotConfirmed, ordersWithoutTheirTickets(sale), List.copyOf(load.unexpected));
		}

		static List<String> ordersWithoutTheirTickets(Sale sale) {
			return Database.query("""
					select o.id || ' quantity ' || o.quantity || ' tickets ' || count(t.id)
					from orders o left join tickets t on t.order_id = o.id
					where o.ticket_type_id = ? and o.status = 'CONFIRMED'
					group by o.id, o.quantity having count(t.id) <> o.quantity
					""", (rs) -> rs.getString(1), sale.ticketTypeId());
		}

		void assertAll() {
			assertThat(this.unitsTaken).as("units held or sold never exceed the capacity")
				.isLessThanOrEqualTo(CAPACITY);
			assertThat(this.heldOrSold).as("orders hold exactly the units taken").isEqualTo(this.unitsTaken);
			assertThat(this.wrongUnits).as("orders whose units differ from their quantity").isEmpty();
			assertThat(this.lostOrders).as("201 answers with no order behind them").isEmpty();
			assertThat(this.paidNotConfirmed).as("accepted payments not confirmed").isEmpty();
			assertThat(this.withoutTickets).as("confirmed orders without exactly their tickets").isEmpty();
			// exactly: more would let a unit be sold twice if Postgres did not refuse it,
			// fewer would leave tickets unsold
			assertThat(this.redisStock).as("the gate equals PostgreSQL's free units")
				.isEqualTo((int) (CAPACITY - this.unitsTaken));
			assertThat(this.unexpected).as("answers other than 201, 409 and 503").isEmpty();
		}

	}

	/**
	 * After the faults, the rest of the stock is bought one unit at a time until the gate
	 * says sold out: then every unit must be taken in Postgres (every ticket sold, none
	 * twice) and the gate must show zero.
	 */
	record Drain(int bought, long freeInPostgres, Integer redisStock, List<String> unexpected) {

		static Drain rest(Sale sale, ServiceInstance instance) {
			Http http = new Http(instance.port);
			int bought = 0;
			List<String> unexpected = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			boolean soldOut = false;
			while (!soldOut && System.nanoTime() < deadline) {
				for (Buyer buyer : sale.buyers()) {
					Http.Response response = http
						.post("/api/v1/orders",
								Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity", 1))
						.bearer(buyer.token())
						.execute();
					if (response.status() == 201) {
						bought++;
					}
					else if (response.status() == 409 && "SOLD_OUT".equals(response.json().path("code").asString())) {
						soldOut = true;
						break;
					}
					else if (response.status() != 409) {
						unexpected.add(response.toString());
					}
				}
			}
			long free = Database.count(
					"select count(*) from inventory_units where ticket_type_id = ? and order_id is null",
					sale.ticketTypeId());
			return new Drain(bought, free, Deployment.redisStock(sale.ticketTypeId()), unexpected);
		}

		void assertAll() {
			assertThat(this.freeInPostgres).as("units left unsold once the gate said sold out").isZero();
			assertThat(this.redisStock).as("the gate after the sell-out").isZero();
			assertThat(this.unexpected).as("unexpected answers while buying the rest").isEmpty();
		}

	}

	// --- the report
	// ---------------------------------------------------------------------------------

	static final class Report {

		private final List<String> faults = new ArrayList<>();

		void fault(String fault, String recovery, Map<String, AtomicLong> during) {
			this.faults
				.add("| " + fault + " | " + recovery + " | " + ((during != null) ? during.toString() : "") + " |");
		}

		void write(Sale sale, Load load, Check check, Drain drain) throws IOException {
			List<String> lines = new ArrayList<>();
			lines.add("# Faults mid-sale: " + Instant.now());
			lines.add("");
			lines.add("Two instances, " + BUYERS + " buyers on " + WORKERS + " workers, capacity " + CAPACITY
					+ ", hold TTL " + HOLD_TTL.toSeconds() + " s.");
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
			lines.add("| reservations answered 201 | " + load.won.size() + " (on A: "
					+ load.won.stream().filter((w) -> w.via().equals("A")).count() + ", on B: "
					+ load.won.stream().filter((w) -> w.via().equals("B")).count() + ") |");
			lines.add("| of them lost (no order) | " + check.lostOrders().size() + " |");
			lines.add("| payments accepted (webhook 2xx) | " + load.paid.size() + ", not confirmed: "
					+ check.paidNotConfirmed().size() + " |");
			lines.add("| holds cancelled by their owner | " + load.cancelled.size() + " |");
			lines.add("| units sold (CONFIRMED) | " + check.confirmedUnits() + " of " + CAPACITY + " |");
			lines.add("| units taken in PostgreSQL vs. orders' quantities | " + check.unitsTaken() + " vs. "
					+ check.heldOrSold() + "; orders with wrong units: " + check.wrongUnits().size() + " |");
			lines.add("| Redis stock after all holds ended | " + check.redisStock() + " (free in PostgreSQL: "
					+ (CAPACITY - check.unitsTaken()) + ") |");
			lines.add("| confirmed orders without exactly their tickets | " + check.withoutTickets().size() + " |");
			lines.add("| unexpected answers | " + check.unexpected().size() + " "
					+ check.unexpected().stream().limit(5).toList() + " |");
			lines.add("| then the rest bought one by one until the gate said SOLD_OUT | " + drain.bought()
					+ " units; unsold in PostgreSQL afterwards: " + drain.freeInPostgres() + "; gate stock: "
					+ drain.redisStock() + " |");
			Files.write(OUT.resolve("report.md"), lines);
			lines.forEach(System.out::println);
		}

	}

	// --- plumbing
	// ---------------------------------------------------------------------------------

	static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	/** Plain JDBC to the database the instances use, retried through a restart. */
	static final class Database {

		interface Row<T> {

			T map(ResultSet rs) throws SQLException;

		}

		static long count(String sql, Object... parameters) {
			return query(sql, (rs) -> rs.getLong(1), parameters).getFirst();
		}

		static <T> List<T> query(String sql, Row<T> row, Object... parameters) {
			SQLException last = null;
			for (int attempt = 0; attempt < 120; attempt++) {
				try (Connection connection = DriverManager.getConnection(url(), Deployment.env("DB_USER", "postgres"),
						Deployment.env("DB_PASSWORD", ""))) {
					var statement = connection.prepareStatement(sql);
					for (int i = 0; i < parameters.length; i++) {
						statement.setObject(i + 1, parameters[i]);
					}
					List<T> result = new ArrayList<>();
					try (ResultSet rs = statement.executeQuery()) {
						while (rs.next()) {
							result.add(row.map(rs));
						}
					}
					return result;
				}
				catch (SQLException ex) {
					last = ex;
					Load.pause(500);
				}
			}
			throw new IllegalStateException("PostgreSQL unreachable", last);
		}

		static String url() {
			return "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + Deployment.env("DB_PORT", "5432") + "/"
					+ Deployment.env("DB_NAME", "ticketbooking");
		}

	}

}
