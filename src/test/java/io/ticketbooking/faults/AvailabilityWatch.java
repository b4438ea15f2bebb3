package io.ticketbooking.faults;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.ticketbooking.support.Json;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One browser's availability stream (Server-Sent Events) of an event, through one address
 * (an instance, or nginx): every number it was sent for the ticket type, in order.
 */
final class AvailabilityWatch implements AutoCloseable {

	final String via;

	final List<Integer> seen = new CopyOnWriteArrayList<>();

	private final HttpResponse<Stream<String>> response;

	private AvailabilityWatch(String via, HttpResponse<Stream<String>> response) {
		this.via = via;
		this.response = response;
	}

	static AvailabilityWatch open(String via, String baseUrl, UUID eventId, UUID ticketTypeId) throws Exception {
		HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events/" + eventId + "/availability/stream"))
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).as("stream via " + via).isEqualTo(200);
		AvailabilityWatch watch = new AvailabilityWatch(via, response);
		Thread.ofVirtual().name("watch-" + via).start(() -> {
			String[] event = { null };
			try {
				response.body().forEach((line) -> {
					if (line.startsWith("event:")) {
						event[0] = line.substring(6).trim();
					}
					else if (line.startsWith("data:") && "availability".equals(event[0])) {
						JsonNode body = Json.read(line.substring(5).trim());
						for (JsonNode type : body.path("ticketTypes")) {
							if (type.path("id").asString().equals(ticketTypeId.toString())) {
								watch.seen.add(type.path("available").asInt());
							}
						}
					}
				});
			}
			catch (UncheckedIOException ex) {
				// closed
			}
		});
		return watch;
	}

	/**
	 * Whether the stream's latest number is {@code available}, waiting up to the limit.
	 */
	boolean awaitLatest(int available, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.seen.isEmpty() && this.seen.getLast() == available) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	Integer latest() {
		return this.seen.isEmpty() ? null : this.seen.getLast();
	}

	@Override
	public void close() {
		this.response.body().close();
	}

}
