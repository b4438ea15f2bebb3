package io.ticketbooking.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ticketbooking.support.Ports;

/**
 * One instance of the application as its own operating-system process, started from the
 * packaged jar, so that it can be killed with SIGKILL like a crashed server.
 */
final class ServiceInstance {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	final String name;

	final int port;

	private final Path jar;

	private final Map<String, String> environment;

	private final List<String> arguments;

	private final Path log;

	private volatile Process process;

	private volatile boolean up;

	ServiceInstance(String name, Path jar, Map<String, String> environment, List<String> arguments, Path logDir) {
		this.name = name;
		this.port = Ports.free();
		this.jar = jar;
		this.environment = environment;
		this.arguments = arguments;
		this.log = logDir.resolve("instance-" + name + ".log");
	}

	/**
	 * A front that runs on its own (a load balancer), as a target for buyers: up, with
	 * nothing to start or stop.
	 */
	ServiceInstance(String name, int port) {
		this.name = name;
		this.port = port;
		this.jar = null;
		this.environment = Map.of();
		this.arguments = List.of();
		this.log = null;
		this.up = true;
	}

	void start() {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
						"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", this.jar.toString()));
		command.addAll(this.arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().putAll(this.environment);
		builder.environment().put("SERVER_PORT", String.valueOf(this.port));
		try {
			Files.createDirectories(this.log.getParent());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until {@code /actuator/health} answers 200 (every part reachable). */
	Duration awaitHealthy(Duration limit) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (this.process != null && !this.process.isAlive()) {
				throw new IllegalStateException("instance " + this.name + " exited; see " + this.log);
			}
			if (healthy()) {
				this.up = true;
				return Duration.ofNanos(System.nanoTime() - started);
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("instance " + this.name + " not healthy within " + limit + "; see " + this.log);
	}

	boolean healthy() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
				.timeout(Duration.ofSeconds(2))
				.build();
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGKILL: no shutdown hook, no graceful drain, like a crashed machine. */
	void kill() throws InterruptedException {
		this.up = false;
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	void stop() throws InterruptedException {
		this.up = false;
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	boolean up() {
		return this.up;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

}
