package io.ticketbooking.config;

import io.ticketbooking.config.ShapedRequestMappings.Mapping;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

class ShapedRequestMappingsTests {

	private static final String[] PATTERNS = { "/api/v1/events/{id}/queue", "/api/v1/events/{id}/queue/me",
			"/api/v1/events/{id}", "/api/v1/events", "/", "/api/v1/events/", "/files/{name}.pdf", "/a/{x}/b/{y}",
			"/api/v1/orders/{orderId}/tickets" };

	private static final String[] PATHS = { "/api/v1/events/5d2c/queue", "/api/v1/events/5d2c/queue/me",
			"/api/v1/events/5d2c/queue/", "/api/v1/events/5d2c", "/api/v1/events", "/api/v1/events/", "/",
			"/api/v1/events//queue", "/files/x.pdf", "/files/x.txt", "/a/1/b/2", "/a/1/b", "/a/1/b/2/3",
			"/api/v1/orders/7/tickets", "/api/v1/orders/7/ticket", "/api/v1/eventsX/5/queue", "" };

	@Test
	void aPathTheShapeRefusesNeverMatchesThePattern() {
		PathPatternParser parser = new PathPatternParser();
		int refused = 0;
		for (String pattern : PATTERNS) {
			String[] shape = Mapping.shape(pattern);
			assertThat(shape).as(pattern).isNotNull();
			for (String path : PATHS) {
				boolean matches = !path.isEmpty() && parser.parse(pattern).matches(PathContainer.parsePath(path));
				if (Mapping.segments(path) != shape.length) {
					// the index holds a path only against patterns of its own length
					assertThat(Mapping.fits(path, shape)).as("%s fits %s's shape", path, pattern).isFalse();
					assertThat(matches).as("%s refused for %s, which matches it", path, pattern).isFalse();
				}
				if (!Mapping.fits(path, shape)) {
					refused++;
					assertThat(matches).as("%s refused for %s, which matches it", path, pattern).isFalse();
				}
				else if (!pattern.contains(".") && !path.contains("//") && !(path.length() > 1 && path.endsWith("/"))) {
					// without partial literals or empty segments (a variable needs a
					// character) the shape decides exactly what the pattern does
					assertThat(matches).as("%s fits %s's shape", path, pattern).isTrue();
				}
			}
		}
		assertThat(refused).isGreaterThan(PATTERNS.length * PATHS.length / 2);
	}

	@Test
	void patternsSpanningSegmentsAreLeftToSpring() {
		assertThat(Mapping.shape("/assets/**")).isNull();
		assertThat(Mapping.shape("/pages/{*rest}")).isNull();
		assertThat(Mapping.shape("relative")).isNull();
		assertThat(Mapping.shape("/api/v1/events/{id}/queue")).containsExactly("api", "v1", "events", null, "queue");
	}

}
