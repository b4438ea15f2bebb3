package io.ticketbooking.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.http.HttpDsl.http;

/** What {@link BenchSetup} prepared, read by the simulations. */
final class BenchRun {

	static final Path DIR = Path.of(System.getProperty("bench.dir", "target/bench"));

	static final String BASE_URL = System.getProperty("bench.baseUrl", "http://127.0.0.1:8000");

	private static final Properties PROPERTIES = load();

	private BenchRun() {
	}

	static String get(String name) {
		return PROPERTIES.getProperty(name);
	}

	/**
	 * The phase's own tokens: {@code bench.tokens} names a file in the run directory
	 * (run.sh gives each phase a separate range of buyers, so no phase starts with tokens
	 * an earlier phase already had verified and cached by the app).
	 */
	static String tokens() {
		return DIR.resolve(System.getProperty("bench.tokens", "tokens.csv")).toAbsolutePath().toString();
	}

	/**
	 * Source addresses for the connections ({@code bench.localAddresses}, comma-separated,
	 * e.g. 127.0.0.1,127.0.0.2): one address has about 28,000 ephemeral ports towards the
	 * app's one port, fewer than a sell-out's open connections.
	 */
	static HttpProtocolBuilder protocol() {
		HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
			.contentTypeHeader("application/json")
			.acceptHeader("application/json");
		String addresses = System.getProperty("bench.localAddresses", "");
		List<String> list = Arrays.stream(addresses.split(",")).map(String::trim).filter((a) -> !a.isEmpty()).toList();
		return list.isEmpty() ? protocol : protocol.localAddresses(list);
	}

	static String reserveBody(String prefix, String quantity) {
		return "{\"eventId\":\"" + get(prefix + ".eventId") + "\",\"ticketTypeId\":\"" + get(prefix + ".ticketTypeId")
				+ "\",\"quantity\":" + quantity + "}";
	}

	private static Properties load() {
		Properties properties = new Properties();
		try (var in = Files.newBufferedReader(DIR.resolve("run.properties"))) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Run BenchSetup first", ex);
		}
		return properties;
	}

}
