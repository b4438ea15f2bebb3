package io.ticketbooking.orders;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.TestEvents.OnSale;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Losers are cheap (docs/architecture.md, invariant 5): a refused reservation is a value
 * all the way to the response. JFR records every exception the JVM constructs; while a
 * sale's refusals are answered, none may come from our code or pass through it.
 */
@IntegrationTest
class RefusalCostTests extends OrdersFixture {

	@Test
	void refusalsConstructNoException() throws Exception {
		OnSale soldOut = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		var winner = accounts().create();
		assertThat(reserve(winner, soldOut, 1).status()).isEqualTo(201);
		var buyer = accounts().create();
		// warm the route up so that class loading and first-call paths are not counted
		for (int i = 0; i < 5; i++) {
			assertThat(reserve(buyer, soldOut, 1).status()).isEqualTo(409);
		}

		// the markers' routes warmed up too, and only the threads that serve requests
		// recorded: the test's own assertions and HTTP client throw and catch on this
		// one,
		// and background work (a mail or webhook being retried, say) is no refusal
		String marker = accounts().create().token();
		reserveUnknownType(soldOut, marker);
		missingOrder(marker);
		List<String> thrown = new CopyOnWriteArrayList<>();
		int answered = 0;
		try (RecordingStream recording = new RecordingStream()) {
			recording.enable("jdk.JavaExceptionThrow").withStackTrace();
			recording.onEvent("jdk.JavaExceptionThrow", (event) -> {
				if (throughOurCode(event) && servingRequests(event)) {
					thrown.add(event.getClass("thrownClass").getName() + " " + event.getString("message"));
				}
			});
			recording.startAsync();
			// a marker before and after: an unknown ticket type and an unknown order are
			// NotFound thrown through our code; once the first shows the recording is on,
			// once the second shows everything between them has been delivered
			seen(thrown, "Ticket type not found", () -> reserveUnknownType(soldOut, marker));
			// sold out, limit reached, and the attempt budget run out; each with a key of
			// its own, so that every one is decided by the gate script (a keyless repeat
			// may be answered from this instance's sold-out flag)
			Set<String> codes = new HashSet<>();
			for (int i = 0; i < 30; i++) {
				Http.Response refused = reserve(buyer, soldOut, 1, "cost-" + i);
				assertThat(refused.status()).isIn(409, 429);
				codes.add(Json.read(refused.bytes()).path("code").asString());
				answered++;
			}
			Http.Response limit = reserve(winner, soldOut, 1, "cost-limit");
			assertThat(limit.status()).isIn(409, 429);
			assertThat(codes).as("the script's refusals, the attempt budget's included")
				.contains("SOLD_OUT", "RATE_LIMITED");
			seen(thrown, "Order not found",
					() -> assertThat(
							http().get("/api/v1/orders/" + UUID.randomUUID()).bearer(marker).execute().status())
						.isEqualTo(404));
			recording.stop();
			recording.awaitTermination(Duration.ofSeconds(5));
		}

		assertThat(answered).isEqualTo(30);
		// the markers' own: NotFound, and the reflective call's wrapper around it (a
		// wrapper
		// never comes without the exception it wraps, which this would see)
		assertThat(thrown.stream()
			.filter((t) -> !t.contains("NotFound ") && !t.startsWith("java.lang.reflect.InvocationTargetException"))
			.toList()).as("exceptions constructed by or through our code while answering refusals").isEmpty();
	}

	@Test
	void theRecordingSeesAnExceptionThroughOurCode() throws Exception {
		// the check above is only worth something if an exception would show: an unknown
		// ticket type is a 404 thrown as NotFound
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		List<String> thrown = new CopyOnWriteArrayList<>();
		try (RecordingStream recording = new RecordingStream()) {
			recording.enable("jdk.JavaExceptionThrow").withStackTrace();
			recording.onEvent("jdk.JavaExceptionThrow", (event) -> {
				if (throughOurCode(event) && servingRequests(event)) {
					thrown.add(event.getClass("thrownClass").getName());
				}
			});
			recording.startAsync();
			String token = accounts().create().token();
			seen(thrown, "NotFound", () -> reserveUnknownType(sale, token));
			recording.stop();
			recording.awaitTermination(Duration.ofSeconds(5));
		}
		assertThat(thrown).anySatisfy((name) -> assertThat(name).endsWith("NotFound"));
	}

	/**
	 * Makes the request until the recording has delivered an exception whose text holds
	 * {@code expected} (a loaded machine starts a recording, and delivers its events,
	 * late), within a bound.
	 */
	private static void seen(List<String> thrown, String expected, Runnable request) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (thrown.stream().noneMatch((t) -> t.contains(expected)) && System.nanoTime() < deadline) {
			request.run();
			Thread.sleep(500);
		}
		assertThat(thrown).as("the recording saw " + expected).anySatisfy((t) -> assertThat(t).contains(expected));
	}

	private void reserveUnknownType(OnSale sale, String token) {
		Http.Response missing = http()
			.post("/api/v1/orders", Map.of("eventId", sale.eventId(), "ticketTypeId", UUID.randomUUID(), "quantity", 1))
			.bearer(token)
			.execute();
		assertThat(missing.status()).isEqualTo(404);
	}

	private void missingOrder(String token) {
		assertThat(http().get("/api/v1/orders/" + UUID.randomUUID()).bearer(token).execute().status()).isEqualTo(404);
	}

	/**
	 * On one of the server's request threads (Tomcat's virtual threads). If they were
	 * named otherwise, the markers would never be seen and the tests fail, not pass.
	 */
	private static boolean servingRequests(RecordedEvent event) {
		return event.getThread() != null && event.getThread().getJavaName() != null
				&& event.getThread().getJavaName().startsWith("tomcat-handler-");
	}

	private static boolean throughOurCode(RecordedEvent event) {
		if (event.getStackTrace() == null) {
			return false;
		}
		for (RecordedFrame frame : event.getStackTrace().getFrames()) {
			if (frame.getMethod().getType().getName().startsWith("io.ticketbooking.")) {
				return true;
			}
		}
		return false;
	}

}
