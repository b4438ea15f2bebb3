package io.ticketbooking.faults;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ticketbooking.faults.Sale.Buyer;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.OrdersApi;

import static io.ticketbooking.faults.Waits.pause;

/** Buyers reserving at one instance on virtual threads until stopped. */
final class Burst {

	final Queue<UUID> won = new ConcurrentLinkedQueue<>();

	final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	final AtomicInteger refused = new AtomicInteger();

	final AtomicInteger unavailable = new AtomicInteger();

	final AtomicInteger cut = new AtomicInteger();

	final AtomicBoolean running = new AtomicBoolean(true);

	final List<Thread> workers = new ArrayList<>();

	static Burst start(Sale sale, ServiceInstance instance, int workers) {
		Burst burst = new Burst();
		for (int i = 0; i < workers; i++) {
			burst.workers.add(Thread.ofVirtual().start(() -> burst.buy(sale, instance)));
		}
		return burst;
	}

	private void buy(Sale sale, ServiceInstance instance) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		OrdersApi orders = new OrdersApi(new Http(instance.port));
		while (this.running.get()) {
			Buyer buyer = sale.buyers().get(random.nextInt(sale.buyers().size()));
			Http.Call call = orders.reserve(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1 + random.nextInt(2));
			if (random.nextBoolean()) {
				call.header("Idempotency-Key", UUID.randomUUID().toString());
			}
			try {
				Http.Response response = call.execute();
				if (response.status() == 201) {
					this.won.add(UUID.fromString(response.json().path("id").asString()));
				}
				else if (response.status() == 409) {
					this.refused.incrementAndGet();
				}
				else if (response.status() == 503) {
					this.unavailable.incrementAndGet();
				}
				else {
					this.unexpected.add(response.toString());
				}
			}
			catch (UncheckedIOException ex) {
				// the instance died under this request, or is down
				this.cut.incrementAndGet();
				pause(20);
			}
		}
	}

	void stop() throws InterruptedException {
		this.running.set(false);
		for (Thread worker : this.workers) {
			worker.join(Duration.ofSeconds(60));
		}
	}

	String summary() {
		return this.won.size() + " won, " + this.refused.get() + " refused, " + this.unavailable.get()
				+ " answered 503";
	}

}
