package io.ticketbooking.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;

/**
 * An organizer's webhook receiver: a real HTTP server on loopback that keeps every
 * request it gets and answers the status {@code answers} gives for the request's number
 * (1, 2, …).
 */
final class Receiver implements AutoCloseable {

	record Received(Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final HttpServer server;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	Receiver(IntUnaryOperator answers) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
			exchange.sendResponseHeaders(answers.applyAsInt(this.count.incrementAndGet()), -1);
			exchange.close();
		});
		this.server.start();
	}

	static Receiver answering(int status) {
		return new Receiver((n) -> status);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	/** The next request, waiting up to {@code timeout}; null if none came. */
	Received next(Duration timeout) throws InterruptedException {
		return this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	int count() {
		return this.count.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
