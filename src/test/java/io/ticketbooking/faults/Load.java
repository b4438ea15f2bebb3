package io.ticketbooking.faults;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.function.Function;

import io.ticketbooking.faults.Sale.Buyer;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.StripeWebhooks;

import static io.ticketbooking.faults.Waits.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buyers on virtual threads, spread over the instances that are up: each reserves, then
 * pays through a signed webhook, cancels, or lets the hold run out. Every answer is
 * counted in the window (phase) it came in.
 */
final class Load {

	/** A reservation answered 201, and the instance that answered it. */
	record Won(UUID orderId, int quantity, String via) {
	}

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
			Buyer buyer = this.sale.buyers().get(random.nextInt(this.sale.buyers().size()));
			ServiceInstance instance = target();
			int quantity = 1 + random.nextInt(2);
			Http.Response response = call(instance, (http) -> new OrdersApi(http).reserve(buyer.token(),
					this.sale.eventId(), this.sale.ticketTypeId(), quantity));
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
	 * Starts a payment and delivers the provider's signed webhook the way Stripe does:
	 * until 2xx.
	 */
	private void pay(Buyer buyer, UUID orderId) {
		Http.Response started = retry((http) -> new OrdersApi(http).startPayment(buyer.token(), orderId), "payment");
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
		byte[] body = StripeWebhooks.event(StripeWebhooks.newEventId(), "payment_intent.succeeded", intent, amount,
				started.json().path("currency").asString().toLowerCase(), orderId);
		Http.Response delivered = retry((http) -> this.webhooks.signedDelivery(http, body), "webhook");
		if (delivered != null && delivered.status() / 100 == 2) {
			this.paid.add(orderId);
		}
		else {
			this.unexpected.add("webhook never accepted for " + orderId + ": " + delivered);
		}
	}

	private void cancel(Buyer buyer, UUID orderId) {
		Http.Response response = retry((http) -> new OrdersApi(http).cancel(buyer.token(), orderId), "cancel");
		if (response != null && response.status() == 200) {
			this.cancelled.add(orderId);
		}
		else if (response == null || response.status() != 409) {
			this.unexpected.add("cancel: " + response);
		}
	}

	/**
	 * Retries on refused connections and 503 for up to a minute, like a patient client.
	 */
	private Http.Response retry(Function<Http, Http.Call> call, String what) {
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

	private static Http.Response call(ServiceInstance instance, Function<Http, Http.Call> call) {
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

}
