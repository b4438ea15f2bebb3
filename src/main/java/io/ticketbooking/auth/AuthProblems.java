package io.ticketbooking.auth;

import java.util.Map;

import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;

/** The ways signing up, signing in and token refresh fail. */
final class AuthProblems {

	private AuthProblems() {
	}

	static final class EmailTaken extends ProblemException {

		EmailTaken() {
			super(HttpStatus.CONFLICT, "EMAIL_TAKEN", "An account with this email already exists.");
		}

	}

	static final class BadCredentials extends ProblemException {

		BadCredentials() {
			super(HttpStatus.UNAUTHORIZED, "BAD_CREDENTIALS", "The email or password is wrong.");
		}

	}

	static final class InvalidRefreshToken extends ProblemException {

		InvalidRefreshToken() {
			super(HttpStatus.UNAUTHORIZED, "INVALID_REFRESH_TOKEN",
					"The refresh token is unknown, expired, already used or revoked; sign in again.");
		}

	}

	static final class TooManyAttempts extends ProblemException {

		private final long retryAfterSeconds;

		TooManyAttempts(long retryAfterSeconds) {
			super(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many failed sign-in attempts; try again later.");
			this.retryAfterSeconds = retryAfterSeconds;
		}

		@Override
		public Map<String, String> headers() {
			return Map.of("Retry-After", Long.toString(this.retryAfterSeconds));
		}

	}

}
