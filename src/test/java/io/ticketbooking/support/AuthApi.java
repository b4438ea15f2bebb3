package io.ticketbooking.support;

import java.util.Map;

/** Signing up and in through the API, as a person with a password does. */
public final class AuthApi {

	private final Http http;

	public AuthApi(Http http) {
		this.http = http;
	}

	/** Registers; a created account's answer is its session (user and tokens). */
	public Http.Response register(String email, String password, String fullName) {
		return this.http
			.post("/api/v1/auth/register", Map.of("email", email, "password", password, "fullName", fullName))
			.execute();
	}

	/** Signs in; a successful answer is a session (user and tokens). */
	public Http.Response login(String email, String password) {
		return this.http.post("/api/v1/auth/login", Map.of("email", email, "password", password)).execute();
	}

}
