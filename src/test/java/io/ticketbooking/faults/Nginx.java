package io.ticketbooking.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.ticketbooking.support.Ports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's nginx ({@code apt-get install -y nginx-light}) on a loopback port, with the
 * repository's own configuration ({@code deploy/nginx/ticket-booking.conf}, as compose
 * mounts it) pointed at the instances: round robin, SSE unbuffered, X-Forwarded-*.
 */
final class Nginx implements AutoCloseable {

	private static final Pattern UPSTREAM = Pattern.compile("upstream=127\\.0\\.0\\.1:(\\d+)");

	final int port = Ports.free();

	private final Path dir;

	private Process process;

	Nginx(Path dir) {
		this.dir = dir.toAbsolutePath();
	}

	/** Starts nginx in front of the instances. */
	Nginx start(List<ServiceInstance> instances) throws IOException, InterruptedException {
		Files.createDirectories(this.dir.resolve("logs"));
		Files.createDirectories(this.dir.resolve("cache"));
		Files.deleteIfExists(this.dir.resolve("logs/access.log"));
		String upstreams = instances.stream()
			.map((instance) -> "    server 127.0.0.1:" + instance.port + ";")
			.collect(Collectors.joining("\n"));
		String site = Files.readString(Path.of("deploy", "nginx", "ticket-booking.conf"))
			.replaceAll("(?m)^\\s*server app-\\d+:8000;\\n", "")
			.replace("keepalive 64;", upstreams.strip() + "\n    keepalive 64;")
			.replace("listen 80;", "listen 127.0.0.1:" + this.port + ";")
			.replace("/var/log/nginx/access.log", this.dir.resolve("logs/access.log").toString())
			.replace("/var/cache/nginx/", this.dir.resolve("cache").toString() + "/");
		Files.writeString(this.dir.resolve("ticket-booking.conf"), site);
		Files.writeString(this.dir.resolve("nginx.conf"), """
				daemon off;
				user root;
				worker_processes 1;
				pid %s;
				error_log %s warn;
				events { worker_connections 4096; }
				http {
				    client_body_temp_path %s;
				    proxy_temp_path %s;
				    include %s;
				}
				""".formatted(this.dir.resolve("nginx.pid"), this.dir.resolve("logs/error.log"),
				this.dir.resolve("body"), this.dir.resolve("proxy"), this.dir.resolve("ticket-booking.conf")));
		this.process = new ProcessBuilder("nginx", "-c", this.dir.resolve("nginx.conf").toString(), "-p",
				this.dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("logs/nginx.out").toFile())
			.start();
		ServiceInstance front = target();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!front.healthy()) {
			assertThat(this.process.isAlive()).as("nginx runs (see " + this.dir.resolve("logs") + ")").isTrue();
			assertThat(System.nanoTime()).as("nginx answers").isLessThan(deadline);
			Thread.sleep(100);
		}
		return this;
	}

	/** Buyers' view: one address, nginx's. */
	ServiceInstance target() {
		return new ServiceInstance("nginx", this.port);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Requests nginx passed to each instance, by its port, from the access log. */
	Map<Integer, Long> requestsPerInstance() throws IOException {
		Map<Integer, Long> counts = new HashMap<>();
		for (String line : Files.readAllLines(this.dir.resolve("logs/access.log"))) {
			Matcher upstream = UPSTREAM.matcher(line);
			while (upstream.find()) {
				counts.merge(Integer.parseInt(upstream.group(1)), 1L, Long::sum);
			}
		}
		return counts;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			this.process.waitFor();
		}
	}

}
