package io.ticketbooking.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.EventFacts;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.events.QueueSettings;
import io.ticketbooking.events.QueueSettingsChanged;
import io.ticketbooking.queue.QueueRedis.Script;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Which events are queued, with their settings, as this instance knows them: read from
 * Postgres every {@code queue.settings-refresh} (and at once when an organizer changes
 * them here), so that joins and position reads never ask Postgres. Each change is written
 * into the event's queue hash in Redis.
 */
@Component
class QueueDirectory implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(QueueDirectory.class);

	/**
	 * A queued event.
	 *
	 * @param ratePerMinute the admission rate in force (the organizer's, or automatic)
	 */
	record Queued(UUID eventId, UUID organizerId, QueueSettings settings, EventFacts event, List<UUID> ticketTypeIds,
			int capacity, int ratePerMinute) {
	}

	private final EventCatalog catalog;

	private final QueueRedis redis;

	private final QueueProperties properties;

	private final Duration holdTtl;

	private final Clock clock;

	private volatile Map<UUID, Queued> queued = Map.of();

	/** What was last written into Redis per event. */
	private final Map<UUID, Queued> configured = new HashMap<>();

	QueueDirectory(EventCatalog catalog, QueueRedis redis, QueueProperties properties,
			@Value("${orders.hold-ttl}") Duration holdTtl, Clock clock) {
		this.catalog = catalog;
		this.redis = redis;
		this.properties = properties;
		this.holdTtl = holdTtl;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(
				new FixedDelayTask(this::refreshQuietly, this.properties.settingsRefresh(), Duration.ZERO));
	}

	@TransactionalEventListener
	void settingsChanged(QueueSettingsChanged changed) {
		refreshQuietly();
	}

	Optional<Queued> find(UUID eventId) {
		return Optional.ofNullable(this.queued.get(eventId));
	}

	Collection<Queued> all() {
		return this.queued.values();
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the queued events, keeping the last known: {}", ex.toString());
		}
	}

	synchronized void refresh() {
		List<UUID> ids = this.catalog.queuedEvents(this.clock.instant());
		Map<UUID, List<TicketTypeFacts>> types = ids.isEmpty() ? Map.of() : this.catalog.ticketTypesOf(ids);
		Map<UUID, Queued> next = new HashMap<>();
		for (UUID id : ids) {
			Optional<QueueSettings> settings = this.catalog.queue(id);
			Optional<EventFacts> event = this.catalog.event(id);
			if (settings.isEmpty() || event.isEmpty()) {
				continue; // opted out or gone since the list was read
			}
			List<TicketTypeFacts> ofEvent = types.getOrDefault(id, List.of());
			int capacity = ofEvent.stream().mapToInt(TicketTypeFacts::capacity).sum();
			next.put(id,
					new Queued(id, event.get().organizerId(), settings.get(), event.get(),
							ofEvent.stream().map(TicketTypeFacts::id).toList(), capacity,
							settings.get().ratePerMinute(capacity, this.holdTtl)));
		}
		this.queued = Map.copyOf(next);
		this.configured.keySet().retainAll(next.keySet());
		next.values().forEach((q) -> {
			if (!q.equals(this.configured.get(q.eventId()))) {
				configure(q);
				this.configured.put(q.eventId(), q);
			}
		});
	}

	/** Writes the event's settings into its queue hash; the line and its state stay. */
	void configure(Queued q) {
		this.redis.string(Script.CONFIGURE, new String[] { QueueKeys.queue(q.eventId()) },
				Long.toString(q.settings().preQueueOpensAt().toEpochMilli()),
				Long.toString(q.event().salesStartAt().toEpochMilli()),
				Long.toString(q.event().salesEndAt().toEpochMilli()), Integer.toString(q.ratePerMinute()),
				Long.toString(q.settings().admissionWindow().toMillis()), q.settings().refuseNewAccounts() ? "1" : "0");
	}

}
