package io.ticketbooking.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.ticketbooking.live.LiveProperties;
import io.ticketbooking.shared.NotFound;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An event's availability as polled and streamed, read without PostgreSQL: the shape (the
 * ticket types and their capacities, which never change after creation) is read once per
 * instance and kept, the numbers come from the stock gate in Redis (a cancelled event's
 * gate is closed and reports none), and one reading serves every poll and stream of the
 * event for {@code live.interval}. Unknown ids are remembered for a while too, so polling
 * made-up ids does not reach PostgreSQL either.
 */
@Component
class AvailabilitySnapshots {

	private static final int MAX_REMEMBERED = 50_000;

	private static final Duration UNKNOWN_FOR = Duration.ofSeconds(10);

	private final EventRepository events;

	private final AvailabilityProvider provider;

	private final Duration fresh;

	private final Clock clock;

	private static final Duration SHAPE_FOR = Duration.ofSeconds(30);

	private record Shape(Event event, Instant readAt) {
	}

	private final Map<UUID, Shape> shapes = new ConcurrentHashMap<>();

	private final Map<UUID, Instant> unknown = new ConcurrentHashMap<>();

	private final Map<UUID, Snapshot> snapshots = new ConcurrentHashMap<>();

	AvailabilitySnapshots(EventRepository events, AvailabilityProvider provider, LiveProperties live, Clock clock) {
		this.events = events;
		this.provider = provider;
		this.fresh = live.interval();
		this.clock = clock;
	}

	/**
	 * The availability body and its entity tag (the same on every instance for the same
	 * numbers).
	 */
	record Snapshot(Availability body, String etag, Instant readAt) {
	}

	/** The event's availability, at most {@code live.interval} old. */
	Snapshot current(UUID eventId) {
		Snapshot last = this.snapshots.get(eventId);
		Instant now = this.clock.instant();
		if (last != null && now.isBefore(last.readAt().plus(this.fresh))) {
			return last;
		}
		return read(eventId, now);
	}

	/** A raised capacity shows at once on this instance. */
	@TransactionalEventListener
	void capacityIncreased(TicketTypeCapacityIncreased increased) {
		this.shapes.remove(increased.eventId());
		this.snapshots.remove(increased.eventId());
	}

	/** The event's availability read now (a stream's look for changes). */
	Availability now(UUID eventId) {
		return read(eventId, this.clock.instant()).body();
	}

	private Snapshot read(UUID eventId, Instant now) {
		Event event = shape(eventId, now);
		// the kept event may say PUBLISHED after a cancel: the closed gate reports none
		Availability body = Availability.of(event, this.provider.available(event.ticketTypeIds()));
		Snapshot snapshot = new Snapshot(body, etag(body), now);
		remember(this.snapshots, eventId, snapshot);
		return snapshot;
	}

	/**
	 * The event as read at most {@link #SHAPE_FOR} ago: its ticket types never change, a
	 * capacity only grows (forgotten at once on the instance that raised it, read again
	 * within {@link #SHAPE_FOR} on the others).
	 */
	private Event shape(UUID eventId, Instant now) {
		Shape shape = this.shapes.get(eventId);
		if (shape != null && now.isBefore(shape.readAt().plus(SHAPE_FOR))) {
			return shape.event();
		}
		Instant unknownUntil = this.unknown.get(eventId);
		if (unknownUntil != null && now.isBefore(unknownUntil)) {
			throw new NotFound("Event");
		}
		Event event = this.events.find(eventId).orElse(null);
		if (event == null) {
			remember(this.unknown, eventId, now.plus(UNKNOWN_FOR));
			throw new NotFound("Event");
		}
		remember(this.shapes, eventId, new Shape(event, now));
		return event;
	}

	/** Keeps at most {@link #MAX_REMEMBERED} entries: a full map starts over. */
	private static <V> void remember(Map<UUID, V> map, UUID eventId, V value) {
		if (map.size() >= MAX_REMEMBERED) {
			map.clear();
		}
		map.put(eventId, value);
	}

	/** A strong tag over the numbers: equal bodies get equal tags on every instance. */
	private static String etag(Availability body) {
		StringBuilder text = new StringBuilder(body.eventId().toString());
		body.ticketTypes()
			.forEach((t) -> text.append('|')
				.append(t.id())
				.append(':')
				.append(t.capacity())
				.append(':')
				.append(t.available()));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
