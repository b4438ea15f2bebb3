package io.ticketbooking.queue;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.queue.QueueDirectory.Queued;
import io.ticketbooking.queue.QueueRedis.Script;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Draws each queue's pre-queue at the opening and admits its line. Runs on every instance
 * every {@code queue.admit-interval}; for each queued event one instance at a time holds
 * its admitter lease. The rate itself is kept by {@code admit.lua} on Redis's clock, so
 * it holds whichever instance admits. No more accounts are admitted than units left less
 * admissions not used yet (one unit each). Admission stops while no unit is left to buy
 * and resumes when units come back; when none can come back (no units, no holds, no
 * claims in flight) the queue closes as sold out.
 */
@Component
class Admitter implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(Admitter.class);

	/** Accounts placed per write while a draw is written into the line. */
	private static final int DRAW_CHUNK = 5_000;

	/** Calls of admit.lua per event per look, at most 1,000 accounts each. */
	private static final int ADMIT_CALLS = 20;

	private final QueueDirectory directory;

	private final QueueRedis redis;

	private final Inventory inventory;

	private final OrderLookup orders;

	private final Draws draws;

	private final QueueProperties properties;

	private final Clock clock;

	private final String instance = UUID.randomUUID().toString();

	private final SecureRandom random = new SecureRandom();

	private final Counter admitted;

	Admitter(QueueDirectory directory, QueueRedis redis, Inventory inventory, OrderLookup orders, Draws draws,
			QueueProperties properties, Clock clock, MeterRegistry meters) {
		this.directory = directory;
		this.redis = redis;
		this.inventory = inventory;
		this.orders = orders;
		this.draws = draws;
		this.properties = properties;
		this.clock = clock;
		this.admitted = Counter.builder("queue.admitted")
			.description("Accounts the waiting room admitted (by this instance)")
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		Duration interval = this.properties.admitInterval();
		tasks.addFixedDelayTask(new FixedDelayTask(this::admitAll, interval, interval));
	}

	void admitAll() {
		for (Queued queued : this.directory.all()) {
			try {
				step(queued);
			}
			catch (RuntimeException ex) {
				log.warn("Admitting for event {} failed, will retry: {}", queued.eventId(), ex.toString());
			}
		}
	}

	/**
	 * Takes or keeps the event's admitter lease (a few looks long): exactly one instance
	 * admits at a time, and another takes over when it stops.
	 */
	private boolean lead(UUID eventId) {
		long lease = this.properties.admitInterval().multipliedBy(8).toMillis();
		return "HELD".equals(this.redis.string(Script.LEASE, new String[] { QueueKeys.admitter(eventId) },
				this.instance, Long.toString(lease)));
	}

	/**
	 * Gives up the leases this instance holds, so another instance admits at once; called
	 * when the application stops. (An instance that dies hands over when its lease runs
	 * out, a few looks later.)
	 */
	@PreDestroy
	void releaseLeases() {
		for (Queued queued : this.directory.all()) {
			try {
				this.redis.string(Script.RELEASE, new String[] { QueueKeys.admitter(queued.eventId()) }, this.instance);
			}
			catch (RuntimeException ex) {
				log.debug("Could not give up the admitter lease of event {}: {}", queued.eventId(), ex.toString());
			}
		}
	}

	/**
	 * One look at one queued event. A queue with nothing to do (the sale not open yet,
	 * nobody waiting, nothing to admit for) costs one read and no lease; the lease is
	 * taken only to draw, admit, close or reopen.
	 */
	void step(Queued queued) {
		UUID eventId = queued.eventId();
		Instant now = this.clock.instant();
		if (!now.isBefore(queued.event().salesEndAt())) {
			return; // the sale ended: the queue says CLOSED
		}
		List<String> q = this.redis.commands()
			.hmget(QueueKeys.queue(eventId), "state", "head", "tail")
			.stream()
			.map((kv) -> kv.getValueOrElse(null))
			.toList();
		String state = q.get(0);
		if (state == null) {
			this.directory.configure(queued);
			return;
		}
		if (QueueState.PRE.equals(state) && now.isBefore(queued.event().salesStartAt())) {
			return;
		}
		if (QueueState.PRE.equals(state) || QueueState.DRAWING.equals(state)) {
			if (lead(eventId)) {
				draw(eventId);
			}
			return;
		}
		boolean waiting = Long.parseLong(q.get(2)) > Long.parseLong(q.get(1));
		if (waiting && (QueueState.OPEN.equals(state) || QueueState.SOLD_OUT.equals(state))) {
			admit(queued, state);
		}
	}

	private void admit(Queued queued, String state) {
		UUID eventId = queued.eventId();
		String queueKey = QueueKeys.queue(eventId);
		Inventory.Remaining remaining = this.inventory.remaining(queued.ticketTypeIds());
		if (remaining.stock() < 0) {
			return; // a gate is being rebuilt: look again next time
		}
		var commands = this.redis.commands();
		if (remaining.stock() == 0) {
			if (QueueState.OPEN.equals(state) && lead(eventId)) {
				commands.hset(queueKey, "paused", "1");
				if (remaining.inFlight() == 0 && this.orders.sales(eventId).held() == 0
						&& this.inventory.remaining(queued.ticketTypeIds()).stock() == 0) {
					// nothing left and nothing that could come back: everyone waiting is
					// told at once
					commands.hset(queueKey, "state", QueueState.SOLD_OUT);
					log.info("Waiting room of event {} closed: sold out", eventId);
				}
			}
			return;
		}
		// no more buyers in the shop than units for them (one unit per admission not
		// used)
		long room = remaining.stock() - outstanding(queued);
		boolean reopen = QueueState.SOLD_OUT.equals(state);
		if ((room <= 0 && !reopen) || !lead(eventId)) {
			return;
		}
		if (reopen) {
			// units came back (an order was cancelled): the line moves again
			commands.hset(queueKey, Map.of("state", QueueState.OPEN, "paused", "0"));
		}
		else {
			commands.hset(queueKey, "paused", "0");
		}
		admitBatches(queued, room);
	}

	/**
	 * Admissions not used yet: admitted accounts whose admission runs and who hold no
	 * unit of the event. Those seen holding one, or whose admission ran out, are dropped
	 * from the outstanding set.
	 */
	private long outstanding(Queued queued) {
		String key = QueueKeys.outstanding(queued.eventId());
		var commands = this.redis.commands();
		commands.zremrangebyscore(key, Range.create(Double.NEGATIVE_INFINITY, (double) this.clock.millis()));
		List<String> admitted = commands.zrange(key, 0, -1);
		if (admitted.isEmpty()) {
			return 0;
		}
		Set<String> holding = this.inventory.holders(queued.ticketTypeIds(), admitted);
		if (!holding.isEmpty()) {
			commands.zrem(key, holding.toArray(String[]::new));
		}
		return admitted.size() - holding.size();
	}

	/**
	 * Admits up to {@code units} accounts: each batch is written into the gates first and
	 * recorded in the queue after, so an account told it is admitted can reserve.
	 */
	private void admitBatches(Queued queued, long units) {
		UUID eventId = queued.eventId();
		String[] line = { QueueKeys.queue(eventId), QueueKeys.line(eventId) };
		String[] record = { QueueKeys.queue(eventId), QueueKeys.admissions(eventId), QueueKeys.outstanding(eventId) };
		long burst = Math.max(1,
				(long) Math.ceil(queued.ratePerMinute() * this.properties.admitInterval().toMillis() * 2 / 60_000.0));
		long left = units;
		for (int call = 0; call < ADMIT_CALLS && left > 0; call++) {
			List<Object> next = this.redis.list(Script.ADMIT, line, Long.toString(left), Long.toString(burst));
			if (!"NEXT".equals(next.get(0))) {
				return;
			}
			String until = (String) next.get(1);
			List<String> batch = next.subList(2, next.size()).stream().map(String::valueOf).toList();
			List<String> accounts = new ArrayList<>(batch.size() / 2);
			for (int i = 0; i < batch.size(); i += 2) {
				accounts.add(batch.get(i));
			}
			this.inventory.grantAdmissions(queued.ticketTypeIds(), accounts,
					Instant.ofEpochMilli(Long.parseLong(until)));
			String[] args = new String[1 + batch.size()];
			args[0] = until;
			for (int i = 0; i < batch.size(); i++) {
				// positions come back as scores ("12" or "1.2e+1"): as whole numbers
				args[1 + i] = (i % 2 == 0) ? batch.get(i) : Long.toString((long) Double.parseDouble(batch.get(i)));
			}
			long admitted = Long.parseLong(this.redis.string(Script.ADMITTED, record, args));
			this.admitted.increment(admitted);
			left -= accounts.size();
		}
	}

	/**
	 * The pre-queue's lottery: a seed chosen now (not before, so nobody can know the
	 * order in advance) orders the entrants by HMAC-SHA256(seed, account id); the seed is
	 * recorded, so anyone can check the order. An admitter that takes over a draw left
	 * unfinished redoes the same one (the seed is kept with the state).
	 */
	private void draw(UUID eventId) {
		byte[] fresh = new byte[32];
		this.random.nextBytes(fresh);
		List<Object> frozen = this.redis.list(Script.FREEZE,
				new String[] { QueueKeys.queue(eventId), QueueKeys.preQueue(eventId) }, HexFormat.of().formatHex(fresh),
				Long.toString(this.clock.millis()));
		if (!QueueState.DRAWING.equals(frozen.get(0))) {
			return;
		}
		long entrants = Long.parseLong((String) frozen.get(1));
		String seed = (String) frozen.get(2);
		Instant drawnAt = Instant.ofEpochMilli(Long.parseLong((String) frozen.get(3)));
		var commands = this.redis.commands();
		List<String> members = new ArrayList<>((int) entrants);
		for (long from = 0; from < entrants; from += DRAW_CHUNK) {
			members.addAll(commands.zrange(QueueKeys.preQueue(eventId), from, from + DRAW_CHUNK - 1));
		}
		List<String> order = drawOrder(seed, members);
		for (int from = 0; from < order.size(); from += DRAW_CHUNK) {
			List<ScoredValue<String>> placed = new ArrayList<>();
			for (int i = from; i < Math.min(order.size(), from + DRAW_CHUNK); i++) {
				placed.add(ScoredValue.just(i + 1, order.get(i)));
			}
			commands.zadd(QueueKeys.line(eventId), placed.toArray(ScoredValue[]::new));
		}
		this.draws.record(eventId, drawnAt, seed, order.size());
		this.redis.string(Script.OPEN, new String[] { QueueKeys.queue(eventId), QueueKeys.preQueue(eventId) });
		log.info("Waiting room of event {} drew {} entrants of its pre-queue (seed {}) and opened", eventId,
				order.size(), seed);
	}

	/** The entrants in the order the seed draws ({@link QueueViews#DRAW_RULE}). */
	static List<String> drawOrder(String seedHex, List<String> entrants) {
		Mac mac;
		try {
			mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(HexFormat.of().parseHex(seedHex), "HmacSHA256"));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
		Map<String, byte[]> tickets = new HashMap<>();
		for (String entrant : entrants) {
			tickets.put(entrant, mac.doFinal(entrant.getBytes(StandardCharsets.UTF_8)));
		}
		List<String> order = new ArrayList<>(entrants);
		order.sort((a, b) -> Arrays.compareUnsigned(tickets.get(a), tickets.get(b)));
		return order;
	}

}
