package io.ticketbooking.support;

import static org.assertj.core.api.Assertions.assertThat;

/** The answer every refusal of the API gives: a problem document with a stable code. */
public final class Problems {

	private Problems() {
	}

	public static void assertProblem(Http.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

}
