package io.ticketbooking.queue;

import java.time.Instant;
import java.util.Map;

import io.ticketbooking.shared.ProblemException;

import org.springframework.http.HttpStatus;

/** The ways joining the waiting room can fail, each with its stable code. */
final class QueueProblems {

	private QueueProblems() {
	}

	/** The event has no waiting room (or no such event). */
	static final class NoQueue extends ProblemException {

		NoQueue() {
			super(HttpStatus.NOT_FOUND, "QUEUE_NOT_FOUND",
					"This event has no waiting room: reserve directly (or no such event).");
		}

	}

	/** Too early: the pre-queue opens at {@code opensAt}. */
	static final class NotOpen extends ProblemException {

		private final Instant opensAt;

		NotOpen(Instant opensAt) {
			super(HttpStatus.CONFLICT, "QUEUE_NOT_OPEN", "The waiting room opens at " + opensAt + ".");
			this.opensAt = opensAt;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("opensAt", this.opensAt.toString());
		}

	}

	/** The organizer refuses accounts made after the pre-queue opened. */
	static final class EmailNotVerified extends ProblemException {

		EmailNotVerified() {
			super(HttpStatus.FORBIDDEN, "EMAIL_NOT_VERIFIED",
					"Confirm your email address to join this waiting room: follow the link we sent you, "
							+ "or ask for a new one (POST /api/v1/users/me/email-verification), then sign in again.");
		}

	}

	static final class AccountTooNew extends ProblemException {

		AccountTooNew() {
			super(HttpStatus.FORBIDDEN, "ACCOUNT_TOO_NEW",
					"This waiting room admits only accounts made before it opened (if yours is older, sign in "
							+ "again for a fresh token).");
		}

	}

}
