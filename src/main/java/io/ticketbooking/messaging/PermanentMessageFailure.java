package io.ticketbooking.messaging;

/**
 * A message that can never be processed (it names an order this database does not know,
 * say): retrying it only keeps the consumer from the messages behind it, so it goes to
 * the dead-letter queue at once.
 */
public class PermanentMessageFailure extends RuntimeException {

	public PermanentMessageFailure(String message) {
		super(message);
	}

	/** Whether {@code failure} or one of its causes is a permanent failure. */
	public static boolean isPermanent(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof PermanentMessageFailure) {
				return true;
			}
		}
		return false;
	}

}
