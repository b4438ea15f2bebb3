package io.ticketbooking.queue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.live.LiveProperties;
import io.ticketbooking.live.LiveStreams;
import io.ticketbooking.queue.QueueDirectory.Queued;
import io.ticketbooking.queue.QueueRedis.Script;
import io.ticketbooking.queue.QueueViews.Personal;
import io.ticketbooking.queue.QueueViews.Place;
import io.ticketbooking.queue.QueueViews.Queue;
import io.ticketbooking.shared.RateLimited;

import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Joining, reading one's place, following it live. Each is one Redis round trip and never
 * asks Postgres: which events are queued is known in memory ({@link QueueDirectory}), and
 * a queue's shared state is read at most once per {@code live.interval} per instance for
 * all the streams that follow it.
 */
@Service
class WaitingRoom {

	private final QueueDirectory directory;

	private final QueueRedis redis;

	private final QueueProperties properties;

	private final LiveStreams streams;

	private final Duration fresh;

	private final Clock clock;

	private record Snapshot(QueueState state, Instant readAt) {
	}

	private final Map<UUID, Snapshot> snapshots = new ConcurrentHashMap<>();

	/** Places this instance read or made, kept while they cannot have changed. */
	private final Map<PlaceKey, Personal> known = new ConcurrentHashMap<>();

	/** Places kept at most; the map starts over above. */
	private static final int KNOWN_PLACES = 200_000;

	private record PlaceKey(UUID eventId, UUID userId) {
	}

	/** Joins in one script call at most. */
	private static final int JOIN_BATCH = 128;

	/** Values join.lua answers per join. */
	private static final int JOIN_REPLY = 5;

	private record Join(UUID userId, String address, Instant accountCreatedAt) {
	}

	/** What join.lua answered one join, with the queue's state after the batch. */
	private record Joined(List<Object> reply, QueueState state, Instant at) {
	}

	/** Each queued event's joins, batched while one of its batches is in Redis. */
	private final Map<UUID, Coalescer<Join, Joined>> joins = new ConcurrentHashMap<>();

	private final DistributionSummary batches;

	private final Counter joined;

	private final Counter rejoined;

	private final Counter refused;

	WaitingRoom(QueueDirectory directory, QueueRedis redis, QueueProperties properties, LiveStreams streams,
			LiveProperties live, Clock clock, MeterRegistry meters) {
		this.batches = DistributionSummary.builder("queue.join.batch")
			.description("Joins per join.lua call: the joins an instance received while its last batch was in Redis")
			.register(meters);
		this.joined = Counter.builder("queue.joins")
			.tag("outcome", "joined")
			.description("Joins of waiting rooms: new places, the same place again, or refused (throttled, too "
					+ "early, account too new)")
			.register(meters);
		this.rejoined = Counter.builder("queue.joins").tag("outcome", "again").register(meters);
		this.refused = Counter.builder("queue.joins").tag("outcome", "refused").register(meters);
		this.directory = directory;
		this.redis = redis;
		this.properties = properties;
		this.streams = streams;
		this.fresh = live.interval();
		this.clock = clock;
	}

	/**
	 * Joins the event's waiting room: one place per account; joining again answers the
	 * same place (or, once an admission ran out unused, a new one at the back). Joins
	 * that arrive while the event's last batch is in Redis go together in the next one.
	 * @param accountCreatedAt from the caller's token; {@code null} when it does not say
	 */
	Place join(UUID eventId, UUID userId, String address, Instant accountCreatedAt) {
		queued(eventId);
		Joined answer = this.joins
			.computeIfAbsent(eventId, (id) -> new Coalescer<>((batch) -> joinBatch(id, batch), JOIN_BATCH))
			.submit(new Join(userId, address, accountCreatedAt));
		List<Object> reply = answer.reply();
		(("IN".equals(reply.get(0))) ? ("1".equals(reply.get(1)) ? this.joined : this.rejoined) : this.refused)
			.increment();
		return switch ((String) reply.get(0)) {
			case "RATE_LIMITED" -> throw new RateLimited("Too many joins; wait before trying again.",
					Math.max(1, (Long.parseLong((String) reply.get(1)) + 999) / 1000));
			case "NOT_OPEN" ->
				throw new QueueProblems.NotOpen(Instant.ofEpochMilli(Long.parseLong((String) reply.get(1))));
			case "TOO_NEW" -> throw new QueueProblems.AccountTooNew();
			case "IN" -> {
				Personal me = Personal.parse(reply, 2);
				remember(new PlaceKey(eventId, userId), me);
				yield Place.of(eventId, answer.state(), me, answer.at());
			}
			default -> throw new IllegalStateException("Unexpected answer from join.lua: " + reply.get(0));
		};
	}

	/** One batch of joins, one script call (join.lua). */
	private List<Joined> joinBatch(UUID eventId, List<Join> batch) {
		Instant now = this.clock.instant();
		String[] keys = new String[4 + 2 * batch.size()];
		System.arraycopy(QueueKeys.place(eventId), 0, keys, 0, 4);
		String[] args = new String[5 + QueueState.FIELDS.length + 2 * batch.size()];
		args[0] = Long.toString(now.toEpochMilli());
		args[1] = Integer.toString(this.properties.joinsPerAccount());
		args[2] = Integer.toString(this.properties.joinsPerAddress());
		args[3] = Long.toString(this.properties.joinPeriod().toMillis());
		args[4] = Integer.toString(QueueState.FIELDS.length);
		System.arraycopy(QueueState.FIELDS, 0, args, 5, QueueState.FIELDS.length);
		for (int i = 0; i < batch.size(); i++) {
			Join join = batch.get(i);
			keys[4 + 2 * i] = QueueKeys.accountJoins(eventId, join.userId());
			keys[5 + 2 * i] = QueueKeys.addressJoins(eventId, join.address());
			int at = 5 + QueueState.FIELDS.length + 2 * i;
			args[at] = join.userId().toString();
			args[at + 1] = (join.accountCreatedAt() == null) ? ""
					: Long.toString(join.accountCreatedAt().getEpochSecond());
		}
		this.batches.record(batch.size());
		List<Object> reply = this.redis.list(Script.JOIN, keys, args);
		if ("MISSING".equals(reply.get(0))) {
			// Redis lost the queue (or this instance is first): its settings again
			this.directory.configure(queued(eventId));
			reply = this.redis.list(Script.JOIN, keys, args);
		}
		QueueState state = QueueState.parse(reply, JOIN_REPLY * batch.size());
		List<Joined> answers = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			answers.add(new Joined(reply.subList(JOIN_REPLY * i, JOIN_REPLY * (i + 1)), state, now));
		}
		return answers;
	}

	/**
	 * The caller's place: from memory while what this instance knows of it still holds (a
	 * position in line is fixed until the head passes it), else one Redis round trip.
	 */
	Place place(UUID eventId, UUID userId) {
		queued(eventId);
		Instant now = this.clock.instant();
		QueueState q = state(eventId);
		PlaceKey key = new PlaceKey(eventId, userId);
		Personal me = this.known.get(key);
		if (me != null && stillTrue(me, q, now)) {
			return Place.of(eventId, q, me, now);
		}
		List<Object> reply = status(eventId, userId);
		if (reply.isEmpty()) {
			// not configured in Redis yet (or lost): nobody has joined
			return Place.of(eventId, emptyState(eventId), new Personal(null, false, null), now);
		}
		me = Personal.parse(reply, 0);
		remember(key, me);
		return Place.of(eventId, QueueState.parse(reply, 3), me, now);
	}

	/**
	 * Whether what is known of a place still holds in the queue's state {@code q}: a
	 * pre-queue entrant's until the draw, a waiting account's until the head of the line
	 * reaches it, an admission until it ends, and anyone's once the queue sold out.
	 */
	static boolean stillTrue(Personal me, QueueState q, Instant now) {
		if (QueueState.SOLD_OUT.equals(q.state())) {
			return true;
		}
		if (me.inPreQueue()) {
			return QueueState.PRE.equals(q.state());
		}
		if (me.position() == null) {
			return false; // not in line: it may join through another instance
		}
		if (me.admittedUntil() != null) {
			return now.isBefore(me.admittedUntil()); // once it ran out, it may join again
		}
		return q.head() < me.position();
	}

	private void remember(PlaceKey key, Personal me) {
		if (me.position() == null && !me.inPreQueue()) {
			return;
		}
		if (this.known.size() >= KNOWN_PLACES) {
			this.known.clear();
		}
		this.known.put(key, me);
	}

	/** The queue as anyone may see it; read at most once per interval per instance. */
	Queue queue(UUID eventId) {
		queued(eventId);
		return Queue.of(eventId, state(eventId), this.clock.instant());
	}

	/**
	 * Follows the caller's place: an event {@code queue} with the place each time it
	 * changes (at most one per {@code live.min-gap}).
	 */
	ResponseBodyEmitter follow(UUID eventId, UUID userId) {
		queued(eventId);
		Follower follower = new Follower(eventId, userId);
		return this.streams.open(
				List.of(new LiveStreams.Topic("queue:" + eventId + ":" + userId, "queue", follower::place)),
				URI.create("/api/v1/events/" + eventId + "/queue/me"));
	}

	/** One stream's account: its own facts are read again only when they can change. */
	private final class Follower {

		private final UUID eventId;

		private final UUID userId;

		private volatile Personal me;

		Follower(UUID eventId, UUID userId) {
			this.eventId = eventId;
			this.userId = userId;
		}

		Place place() {
			QueueState q = state(this.eventId);
			Personal known = this.me;
			boolean drawn = !QueueState.PRE.equals(q.state()) && !QueueState.DRAWING.equals(q.state());
			if (known == null || (known.position() == null && known.inPreQueue() && drawn)
					|| (known.position() != null && known.admittedUntil() == null && q.head() >= known.position())) {
				List<Object> reply = status(this.eventId, this.userId);
				known = reply.isEmpty() ? new Personal(null, false, null) : Personal.parse(reply, 0);
				this.me = known;
			}
			return Place.of(this.eventId, q, known, WaitingRoom.this.clock.instant());
		}

	}

	/** The queue's shared state, read from Redis at most once per interval. */
	QueueState state(UUID eventId) {
		Instant now = this.clock.instant();
		Snapshot snapshot = this.snapshots.get(eventId);
		if (snapshot == null || !now.isBefore(snapshot.readAt().plus(this.fresh))) {
			List<String> values = this.redis.commands()
				.hmget(QueueKeys.queue(eventId), QueueState.FIELDS)
				.stream()
				.map((kv) -> kv.getValueOrElse(""))
				.toList();
			QueueState state = values.get(0).isEmpty() ? emptyState(eventId) : QueueState.parse(values, 0);
			snapshot = new Snapshot(state, now);
			this.snapshots.put(eventId, snapshot);
		}
		return snapshot.state();
	}

	private List<Object> status(UUID eventId, UUID userId) {
		String[] args = new String[1 + QueueState.FIELDS.length];
		args[0] = userId.toString();
		System.arraycopy(QueueState.FIELDS, 0, args, 1, QueueState.FIELDS.length);
		return this.redis.list(Script.STATUS, QueueKeys.place(eventId), args);
	}

	/** A queue nobody joined yet, from its settings. */
	private QueueState emptyState(UUID eventId) {
		Queued q = queued(eventId);
		return new QueueState(QueueState.PRE, 0, 0, q.ratePerMinute(), 0, 0, 0, q.settings().preQueueOpensAt(),
				q.event().salesStartAt(), q.event().salesEndAt(), q.settings().admissionWindow(), false, null, null);
	}

	private Queued queued(UUID eventId) {
		return this.directory.find(eventId).orElseThrow(QueueProblems.NoQueue::new);
	}

}
