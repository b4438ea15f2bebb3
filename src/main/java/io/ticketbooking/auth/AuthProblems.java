package io.ticketbooking.auth;

import io.ticketbooking.shared.ProblemException;
import io.ticketbooking.shared.RateLimited;

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

	static final class TooManyAttempts extends RateLimited {

		TooManyAttempts(long retryAfterSeconds) {
			super("Too many failed sign-in attempts; try again later.", retryAfterSeconds);
		}

	}

}
