package io.ticketbooking.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the fault suites' reports share: how they show a duration, and where they go. */
final class Reports {

	private Reports() {
	}

	static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	/** Writes the report's lines to the file and to the test's output. */
	static void write(Path file, List<String> lines) throws IOException {
		Files.write(file, lines);
		lines.forEach(System.out::println);
	}

}
