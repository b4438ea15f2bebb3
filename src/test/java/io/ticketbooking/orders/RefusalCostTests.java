package io.ticketbooking.orders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
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

		List<String> thrown = new CopyOnWriteArrayList<>();
		int answered = 0;
		try (RecordingStream recording = new RecordingStream()) {
			recording.enable("jdk.JavaExceptionThrow").withStackTrace();
			recording.onEvent("jdk.JavaExceptionThrow", (event) -> {
				if (throughOurCode(event)) {
					thrown.add(event.getClass("thrownClass").getName() + " " + event.getString("message"));
				}
			});
			recording.startAsync();
			Thread.sleep(200);
			// sold out, limit reached, and the attempt budget run out
			for (int i = 0; i < 30; i++) {
				Http.Response refused = reserve(buyer, soldOut, 1);
				assertThat(refused.status()).isIn(409, 429);
				answered++;
			}
			Http.Response limit = reserve(winner, soldOut, 1);
			assertThat(limit.status()).isIn(409, 429);
			Thread.sleep(500);
			recording.stop();
			recording.awaitTermination(Duration.ofSeconds(5));
		}

		assertThat(answered).isEqualTo(30);
		assertThat(thrown).as("exceptions constructed by or through our code while answering refusals").isEmpty();
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
				if (throughOurCode(event)) {
					thrown.add(event.getClass("thrownClass").getName());
				}
			});
			recording.startAsync();
			Thread.sleep(200);
			Http.Response missing = http()
				.post("/api/v1/orders",
						Map.of("eventId", sale.eventId(), "ticketTypeId", UUID.randomUUID(), "quantity", 1))
				.bearer(accounts().create().token())
				.execute();
			assertThat(missing.status()).isEqualTo(404);
			Thread.sleep(500);
			recording.stop();
			recording.awaitTermination(Duration.ofSeconds(5));
		}
		assertThat(thrown).anySatisfy((name) -> assertThat(name).endsWith("NotFound"));
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
