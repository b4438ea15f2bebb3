package io.ticketbooking.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Register, sign in, refresh with rotation and theft detection, sign out, roles. */
@IntegrationTest
class AuthFlowTests extends ApplicationFixture {

	@Autowired
	AuthProperties properties;

	static String email() {
		return "Ayu." + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
	}

	@Test
	void registerLoginRefreshRotateDetectReuseLogout() {
		String email = email();
		Http.Response registered = http()
			.post("/api/v1/auth/register",
					Map.of("email", "  " + email + " ", "password", "correct horse battery", "fullName", "Ayu Lestari"))
			.execute();
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		JsonNode session = registered.json();
		assertThat(session.path("user").path("email").asString()).isEqualTo(email.toLowerCase());
		assertThat(session.path("user").path("roles").toString()).contains("CUSTOMER");
		assertThat(session.path("expiresIn").asLong()).isEqualTo(900);
		assertThat(session.path("refreshToken").asString()).isNotBlank();

		JsonNode login = http()
			.post("/api/v1/auth/login", Map.of("email", email.toUpperCase(), "password", "correct horse battery"))
			.execute()
			.json();
		String access = login.path("accessToken").asString();
		String refresh1 = login.path("refreshToken").asString();

		JsonNode me = http().get("/api/v1/users/me").bearer(access).execute().json();
		assertThat(me.path("id").asString()).isEqualTo(session.path("user").path("id").asString());
		assertThat(me.path("fullName").asString()).isEqualTo("Ayu Lestari");
		assertThat(me.has("avatarUrl")).isTrue();

		Http.Response refreshed = http().post("/api/v1/auth/refresh", Map.of("refreshToken", refresh1)).execute();
		assertThat(refreshed.status()).isEqualTo(200);
		String refresh2 = refreshed.json().path("refreshToken").asString();
		assertThat(refresh2).isNotEqualTo(refresh1);
		assertThat(http().get("/api/v1/users/me")
			.bearer(refreshed.json().path("accessToken").asString())
			.execute()
			.status()).isEqualTo(200);

		// the old token is rejected, and presenting it revokes the whole family
		assertProblem(http().post("/api/v1/auth/refresh", Map.of("refreshToken", refresh1)).execute(), 401,
				"INVALID_REFRESH_TOKEN");
		assertProblem(http().post("/api/v1/auth/refresh", Map.of("refreshToken", refresh2)).execute(), 401,
				"INVALID_REFRESH_TOKEN");

		// a fresh sign-in starts a new family; logout ends it
		JsonNode again = http().post("/api/v1/auth/login", Map.of("email", email, "password", "correct horse battery"))
			.execute()
			.json();
		String refresh3 = again.path("refreshToken").asString();
		Http.Response logout = http().post("/api/v1/auth/logout", Map.of("refreshToken", refresh3))
			.bearer(again.path("accessToken").asString())
			.execute();
		assertThat(logout.status()).isEqualTo(204);
		assertProblem(http().post("/api/v1/auth/refresh", Map.of("refreshToken", refresh3)).execute(), 401,
				"INVALID_REFRESH_TOKEN");
		assertThat(this.jdbc.sql("select count(*) from refresh_tokens where token_hash = :t")
			.param("t", refresh3)
			.query(Integer.class)
			.single()).as("tokens are stored hashed").isZero();
	}

	@Test
	void wrongPasswordAndUnknownEmailLookTheSame() {
		String email = email();
		register(email);
		Http.Response wrong = http().post("/api/v1/auth/login", Map.of("email", email, "password", "not the password"))
			.execute();
		Http.Response unknown = http()
			.post("/api/v1/auth/login", Map.of("email", email() + "x", "password", "not the password"))
			.execute();
		assertProblem(wrong, 401, "BAD_CREDENTIALS");
		assertProblem(unknown, 401, "BAD_CREDENTIALS");
		assertThat(wrong.json().path("detail").asString()).isEqualTo(unknown.json().path("detail").asString());
	}

	@Test
	void rejectsATakenEmailInAnyCaseAndWeakInput() {
		String email = email();
		register(email);
		assertProblem(http()
			.post("/api/v1/auth/register",
					Map.of("email", email.toUpperCase(), "password", "another good one", "fullName", "Copy"))
			.execute(), 409, "EMAIL_TAKEN");

		Http.Response weak = http()
			.post("/api/v1/auth/register", Map.of("email", "not-an-email", "password", "short", "fullName", ""))
			.execute();
		assertProblem(weak, 422, "VALIDATION_FAILED");
		assertThat(weak.json().path("errors").findValuesAsString("field")).contains("email", "password", "fullName");
		Http.Response common = http()
			.post("/api/v1/auth/register", Map.of("email", email(), "password", "password123", "fullName", "Common"))
			.execute();
		assertProblem(common, 422, "VALIDATION_FAILED");
		assertThat(common.json().path("errors").findValuesAsString("field")).containsExactly("password");
	}

	@Test
	void aPasswordBcryptCannotHoldIsAClearProblemNotAServerError() {
		String longPassword = "é".repeat(40); // 40 characters, 80 bytes: more than
												// bcrypt's 72
		Http.Response register = http()
			.post("/api/v1/auth/register", Map.of("email", email(), "password", longPassword, "fullName", "Long"))
			.execute();
		assertProblem(register, 422, "VALIDATION_FAILED");
		assertThat(register.json().path("errors").findValuesAsString("field")).containsExactly("password");

		String email = email();
		register(email);
		assertProblem(http().post("/api/v1/auth/login", Map.of("email", email, "password", "x".repeat(100))).execute(),
				401, "BAD_CREDENTIALS");
	}

	@Test
	void theNthFailedLoginForAnAccountIsThrottled() {
		String email = email();
		register(email);
		int allowed = this.properties.loginThrottle().failuresPerAccount();
		for (int i = 0; i < allowed; i++) {
			assertProblem(http().post("/api/v1/auth/login", Map.of("email", email, "password", "guess " + i)).execute(),
					401, "BAD_CREDENTIALS");
		}
		Http.Response throttled = http()
			.post("/api/v1/auth/login", Map.of("email", email, "password", "correct horse battery"))
			.execute();
		assertProblem(throttled, 429, "RATE_LIMITED");
		assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
		// an unknown account is throttled the same way, so 429 reveals nothing
		String ghost = email();
		for (int i = 0; i < allowed; i++) {
			http().post("/api/v1/auth/login", Map.of("email", ghost, "password", "guess")).execute();
		}
		assertProblem(http().post("/api/v1/auth/login", Map.of("email", ghost, "password", "guess")).execute(), 429,
				"RATE_LIMITED");
	}

	@Test
	void adminsGrantRolesAndCustomersCannot() {
		JsonNode customer = register(email());
		String customerToken = customer.path("accessToken").asString();
		String id = customer.path("user").path("id").asString();
		assertProblem(http().post("/api/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("ORGANIZER")))
			.bearer(customerToken)
			.execute(), 403, "FORBIDDEN");

		String admin = http()
			.post("/api/v1/auth/login",
					Map.of("email", this.properties.adminEmail(), "password", this.properties.adminPassword()))
			.execute()
			.json()
			.path("accessToken")
			.asString();
		Http.Response granted = http()
			.post("/api/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("ORGANIZER")))
			.bearer(admin)
			.execute();
		assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
		assertThat(granted.json().path("roles").toString()).contains("ORGANIZER", "CUSTOMER");
		assertProblem(http().post("/api/v1/admin/users/" + id + "/roles", Map.of("roles", List.of("GOD")))
			.bearer(admin)
			.execute(), 422, "VALIDATION_FAILED");
		assertProblem(http()
			.post("/api/v1/admin/users/" + UUID.randomUUID() + "/roles", Map.of("roles", List.of("ORGANIZER")))
			.bearer(admin)
			.execute(), 404, "NOT_FOUND");

		// the new role is in the token from the next refresh on
		JsonNode refreshed = http()
			.post("/api/v1/auth/refresh", Map.of("refreshToken", customer.path("refreshToken").asString()))
			.execute()
			.json();
		assertThat(refreshed.path("user").path("roles").toString()).contains("ORGANIZER");
	}

	@Test
	void renamesMyProfile() {
		JsonNode session = register(email());
		Http.Response renamed = http().patch("/api/v1/users/me", Map.of("fullName", "Ayu L."))
			.bearer(session.path("accessToken").asString())
			.execute();
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.json().path("fullName").asString()).isEqualTo("Ayu L.");
		assertProblem(http().patch("/api/v1/users/me", Map.of("fullName", " "))
			.bearer(session.path("accessToken").asString())
			.execute(), 422, "VALIDATION_FAILED");
	}

	JsonNode register(String email) {
		return new AuthApi(http()).register(email, "correct horse battery", "Test Person").assertStatus(201).json();
	}

}
