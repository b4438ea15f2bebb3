package io.ticketbooking.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An event's waiting room, as its organizer set it (docs/waiting-room.md).
 *
 * @param preQueueOpensAt from when buyers may join; those who join before the sale opens
 * are drawn in a random order at the opening
 * @param ratePerMinute buyers admitted per minute, or {@code null} for automatic (the
 * event's capacity over one hold time)
 * @param admissionWindow how long an admitted buyer may reserve
 * @param refuseNewAccounts whether accounts made after {@code preQueueOpensAt} are
 * refused
 */
public record QueueSettings(UUID eventId, Instant preQueueOpensAt, Integer ratePerMinute, Duration admissionWindow,
		boolean refuseNewAccounts) {

	/** The admission rate: the organizer's, or the capacity admitted over one hold. */
	public int ratePerMinute(int capacity, Duration holdTtl) {
		if (this.ratePerMinute != null) {
			return this.ratePerMinute;
		}
		long minutes = Math.max(1, holdTtl.toMinutes());
		return (int) Math.max(1, Math.min(1_000_000, (capacity + minutes - 1) / minutes));
	}

}
