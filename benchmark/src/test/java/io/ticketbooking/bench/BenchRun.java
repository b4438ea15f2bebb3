package io.ticketbooking.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

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

	static String tokens() {
		return DIR.resolve("tokens.csv").toAbsolutePath().toString();
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
