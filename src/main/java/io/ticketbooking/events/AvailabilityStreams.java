package io.ticketbooking.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.ticketbooking.shared.ProblemException;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of live availability. Every {@code events.stream-interval} this
 * instance reads the stock of the events that have subscribers (from Redis, which every
 * instance shares, so a sale on any instance shows on all) and pushes only when a number
 * changed: however fast the stock moves, a client gets at most one message per interval.
 * Idle streams get a heartbeat.
 */
@Component
class AvailabilityStreams implements SmartLifecycle, SchedulingConfigurer {

	private final Map<UUID, Topic> topics = new ConcurrentHashMap<>();

	private final AtomicInteger subscribers = new AtomicInteger();

	private final AvailabilityProvider provider;

	private final EventsProperties properties;

	private final Clock clock;

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	private volatile boolean running;

	AvailabilityStreams(AvailabilityProvider provider, EventsProperties properties, Clock clock) {
		this.provider = provider;
		this.properties = properties;
		this.clock = clock;
	}

	/** One event's subscribers and what they were last sent. */
	private static final class Topic {

		final Event event;

		final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

		volatile Availability last;

		volatile Instant lastSent = Instant.EPOCH;

		Topic(Event event) {
			this.event = event;
		}

	}

	SseEmitter subscribe(Event event) {
		if (this.subscribers.incrementAndGet() > this.properties.streamMaxSubscribers()) {
			this.subscribers.decrementAndGet();
			throw new TooManySubscribers();
		}
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Topic topic = this.topics.computeIfAbsent(event.id(), (id) -> new Topic(event));
		topic.emitters.add(emitter);
		Runnable remove = () -> unsubscribe(topic, emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		Availability now = Availability.of(event, this.provider.available(event.ticketTypeIds()));
		send(topic, emitter, now);
		return emitter;
	}

	int subscriberCount() {
		return this.subscribers.get();
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every stream first, so a graceful shutdown does not wait for clients to hang
	 * up.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.topics.values().forEach((topic) -> topic.emitters.forEach((emitter) -> unsubscribe(topic, emitter)));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::pushChanges, this.properties.streamInterval());
	}

	void pushChanges() {
		Instant now = this.clock.instant();
		for (Topic topic : this.topics.values()) {
			Availability current;
			try {
				current = Availability.of(topic.event, this.provider.available(topic.event.ticketTypeIds()));
			}
			catch (RuntimeException ex) {
				continue; // Redis unreachable for a moment: the next tick tries again
			}
			if (!current.equals(topic.last)) {
				topic.last = current;
				topic.lastSent = now;
				topic.emitters.forEach((emitter) -> send(topic, emitter, current));
			}
			else if (now.isAfter(topic.lastSent.plus(this.properties.streamHeartbeat()))) {
				topic.lastSent = now;
				topic.emitters.forEach((emitter) -> this.senders.execute(() -> {
					try {
						emitter.send(SseEmitter.event().comment("heartbeat"));
					}
					catch (IOException | IllegalStateException ex) {
						unsubscribe(topic, emitter);
					}
				}));
			}
		}
	}

	private void send(Topic topic, SseEmitter emitter, Availability availability) {
		topic.last = availability;
		this.senders.execute(() -> {
			try {
				emitter.send(SseEmitter.event().name("availability").data(availability));
			}
			catch (IOException | IllegalStateException ex) {
				unsubscribe(topic, emitter);
			}
		});
	}

	private void unsubscribe(Topic topic, SseEmitter emitter) {
		if (topic.emitters.remove(emitter)) {
			this.subscribers.decrementAndGet();
			emitter.complete();
		}
		if (topic.emitters.isEmpty()) {
			this.topics.remove(topic.event.id(), topic);
		}
	}

	static final class TooManySubscribers extends ProblemException {

		TooManySubscribers() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_SUBSCRIBERS",
					"This instance serves as many live streams as it can; retry shortly or poll the availability.");
		}

	}

}
