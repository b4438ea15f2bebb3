package io.ticketbooking.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One presale access code as stored.
 *
 * @param batchId the batch it was made in (a shared code is a batch of one)
 * @param codeHash {@link AccessCodes#hash}
 * @param code the code itself when the service drew it (unguessable), {@code null} when
 * the organizer chose it (stored hashed only)
 * @param maxUses how many orders may be reserved with it ({@code null}: no limit)
 * @param maxTicketsPerUse units one order reserved with it may hold ({@code null}: no
 * limit beyond the ticket types' own)
 */
record PresaleCode(UUID id, UUID eventId, UUID batchId, String label, PresaleCode.Kind kind, String codeHash,
		String code, List<UUID> ticketTypeIds, Instant startsAt, Instant endsAt, Integer maxUses,
		Integer maxTicketsPerUse, Instant createdAt) {

	enum Kind {

		/** One code for a group (a fan club, a sponsor), optionally limited in uses. */
		SHARED,
		/** A batch of codes, each good for one order. */
		SINGLE_USE

	}

}
