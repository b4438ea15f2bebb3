package io.ticketbooking.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request gets a 4xx problem document with a stable code, never a 500.
 */
@IntegrationTest
class ProblemDetailsTests extends ApplicationFixture {

	@Test
	void unknownRouteIsAProblem() {
		String token = this.accessTokens.issue(UUID.randomUUID(), "someone@example.com", List.of("CUSTOMER")).value();
		Http.Response response = http().get("/api/v1/no-such-thing").bearer(token).execute();
		assertProblem(response, 404, "NOT_FOUND");
	}

	@Test
	void unknownRouteWithoutTokenAsksForOne() {
		assertProblem(http().get("/api/v1/no-such-thing").execute(), 401, "UNAUTHORIZED");
	}

	@Test
	void pathTraversalIsRejected() {
		Http.Response response = http().get("/v3/api-docs/%2e%2e/%2e%2e/etc/passwd").execute();
		assertThat(response.status()).isBetween(400, 404);
		assertThat(response.text()).doesNotContain("root:");
	}

	@Test
	void wrongMethodIsAProblem() {
		String token = this.accessTokens.issue(UUID.randomUUID(), "someone@example.com", List.of("CUSTOMER")).value();
		Http.Response response = http().send("DELETE", "/ping", "text/plain", new byte[0]).bearer(token).execute();
		assertProblem(response, 405, "METHOD_NOT_ALLOWED");
	}

	@Test
	void malformedJsonIsAProblem() {
		Http.Response response = http()
			.send("POST", "/api/v1/auth/login", "application/json", "{\"email\": ".getBytes(StandardCharsets.UTF_8))
			.execute();
		assertProblem(response, 400, "MALFORMED_BODY");
	}

	@Test
	void wrongJsonTypeIsAProblem() {
		Http.Response response = http()
			.send("POST", "/api/v1/auth/login", "application/json", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8))
			.execute();
		assertProblem(response, 400, "MALFORMED_BODY");
	}

	@Test
	void unsupportedMediaTypeIsAProblem() {
		Http.Response response = http()
			.send("POST", "/api/v1/auth/login", "text/csv", "a,b".getBytes(StandardCharsets.UTF_8))
			.execute();
		assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void oversizedBodyIsAProblem() {
		byte[] big = new byte[2 * 1024 * 1024];
		Arrays.fill(big, (byte) 'a');
		Http.Response response = http().send("POST", "/api/v1/auth/login", "application/json", big).execute();
		assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void missingTokenIsAProblem() {
		Http.Response response = http().get("/api/v1/users/me").execute();
		assertProblem(response, 401, "UNAUTHORIZED");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void garbageTokenIsAProblem() {
		Http.Response response = http().get("/api/v1/users/me").bearer("not.a.jwt").execute();
		assertProblem(response, 401, "UNAUTHORIZED");
	}

	static void assertProblem(Http.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("type").asString()).isNotBlank();
		assertThat(problem.has("detail")).isTrue();
		assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}
