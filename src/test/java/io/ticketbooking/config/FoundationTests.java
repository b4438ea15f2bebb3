package io.ticketbooking.config;

import java.util.List;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application boots against real infrastructure and its operational endpoints answer.
 */
@IntegrationTest
class FoundationTests extends ApplicationFixture {

	@Test
	void pingAnswersPong() {
		Http.Response response = http().get("/ping").execute();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("pong");
	}

	@Test
	void authenticatedPingNeedsAToken() {
		Http http = http();
		assertThat(http.get("/api/v1/ping").execute().status()).isEqualTo(401);
		UUID user = UUID.randomUUID();
		Http.Response response = http.get("/api/v1/ping")
			.bearer(this.accessTokens.issue(user, "ping@example.com", List.of("CUSTOMER")).value())
			.execute();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("pong").asString()).isEqualTo(user.toString());
	}

	@Test
	void healthIsUpWithEachPartAsItsOwnComponent() {
		Http.Response response = http().get("/actuator/health").execute();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode health = response.json();
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode components = health.path("components");
		for (String part : new String[] { "db", "redis", "rabbit", "s3" }) {
			assertThat(components.path(part).path("status").asString()).as(part).isEqualTo("UP");
		}
	}

	@Test
	void servesOpenApiAndSwaggerUi() {
		Http http = http();
		Http.Response docs = http.get("/v3/api-docs").execute();
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().path("openapi").asString()).startsWith("3.");
		assertThat(docs.json().path("paths").has("/ping")).isTrue();
		Http.Response ui = http.get("/swagger-ui/index.html").execute();
		assertThat(ui.status()).isEqualTo(200);
	}

	@Test
	void exposesPrometheusMetrics() {
		Http.Response response = http().get("/actuator/prometheus").execute();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).contains("jvm_memory_used_bytes");
	}

	@Test
	void publishesTheTokenVerificationKeys() {
		Http.Response response = http().get("/.well-known/jwks.json").execute();
		assertThat(response.status()).isEqualTo(200);
		JsonNode key = response.json().path("keys").path(0);
		assertThat(key.path("kty").asString()).isEqualTo("RSA");
		assertThat(key.path("alg").asString()).isEqualTo("RS256");
		assertThat(key.has("d")).as("never the private part").isFalse();
	}

	@Test
	void echoesOrAssignsARequestId() {
		Http http = http();
		assertThat(http.get("/ping").header("X-Request-Id", "abc-123").execute().header("X-Request-Id"))
			.isEqualTo("abc-123");
		assertThat(http.get("/ping").header("X-Request-Id", "bad id\twith junk").execute().header("X-Request-Id"))
			.matches("[0-9a-f-]{36}");
	}

}
