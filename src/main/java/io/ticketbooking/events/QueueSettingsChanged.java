package io.ticketbooking.events;

import java.util.List;
import java.util.UUID;

/**
 * An organizer opted an event into the waiting room, changed its settings, or opted it
 * out ({@code settings} is {@code null}).
 */
public record QueueSettingsChanged(UUID eventId, List<UUID> ticketTypeIds, QueueSettings settings) {
}
