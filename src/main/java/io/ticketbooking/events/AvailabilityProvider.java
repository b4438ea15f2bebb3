package io.ticketbooking.events;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Live stock per ticket type, implemented by the inventory module (which depends on
 * events, not the other way round). Reads Redis, never counts rows in Postgres.
 */
public interface AvailabilityProvider {

	/**
	 * Units still available per ticket type id: none for a type whose event was
	 * cancelled; a type unknown to the stock gate is absent.
	 */
	Map<UUID, Integer> available(Collection<UUID> ticketTypeIds);

}
