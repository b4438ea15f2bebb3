package io.ticketbooking.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.shared.RetryLater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Server-Sent Events to open pages. A page opens one stream and names the topics it
 * follows; every {@code live.interval} this instance reads each topic that has followers
 * once (not once per follower) and sends it, as an event named after the topic's kind, to
 * the streams that follow it, only when it changed, and no sooner than
 * {@code live.min-gap} after its last message: a lone change goes out within the
 * interval, and however fast a topic moves, a client gets at most one message of it per
 * gap. A stream silent for {@code live.heartbeat} gets a comment line, so proxies keep it
 * open and a client that went away is noticed.
 * <p>
 * Streams hold connections for as long as a page is open, and a connector has a limit:
 * past the stream budget a new stream is refused with {@link StreamsFull} (a 503 naming
 * where to poll instead), and the budget plus the headroom kept for requests must fit
 * inside the connector's limit, or the instance does not start.
 */
@Component
public class LiveStreams implements SmartLifecycle, SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

	/**
	 * Heap one open stream holds: Tomcat keeps the request's buffers (socket, headers,
	 * body in and out) for as long as the stream is open; ~110 KiB measured
	 * (docs/benchmarks/…-streams).
	 */
	private static final long HEAP_PER_STREAM = 128 * 1024;

	/** Heap for everything else an instance does at saturation. */
	private static final long HEAP_BASE = 1024 * 1024 * 1024;

	private final Map<String, Followed> topics = new ConcurrentHashMap<>();

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	private final AtomicInteger open = new AtomicInteger();

	private final LiveProperties properties;

	private final Clock clock;

	private final Counter refused;

	private final JsonMapper json;

	private final Duration minGap;

	private volatile boolean running;

	LiveStreams(LiveProperties properties, Clock clock, MeterRegistry meters, JsonMapper json,
			@Value("${server.tomcat.max-connections}") int maxConnections) {
		if (properties.maxStreams() + properties.requestHeadroom() > maxConnections) {
			throw new IllegalStateException(("The stream budget (AVAILABILITY_STREAM_MAX_SUBSCRIBERS=%d) plus the "
					+ "connections kept for requests (STREAM_REQUEST_HEADROOM=%d) exceed the connector's limit "
					+ "(SERVER_MAX_CONNECTIONS=%d): open pages could take every connection and nobody could buy. "
					+ "Lower the budget or raise the limit (docs/operations.md).")
				.formatted(properties.maxStreams(), properties.requestHeadroom(), maxConnections));
		}
		long heapNeeded = HEAP_BASE + properties.maxStreams() * HEAP_PER_STREAM;
		if (Runtime.getRuntime().maxMemory() < heapNeeded) {
			log.warn("The heap ({} MiB) is smaller than the stream budget needs ({} streams × ~128 KiB + 1 GiB for "
					+ "the rest = {} MiB): with the budget spent the instance would spend its time collecting "
					+ "garbage. Raise -Xmx (or the container's memory) or lower AVAILABILITY_STREAM_MAX_SUBSCRIBERS "
					+ "(docs/operations.md).", Runtime.getRuntime().maxMemory() >> 20, properties.maxStreams(),
					heapNeeded >> 20);
		}
		this.properties = properties;
		this.clock = clock;
		this.json = json;
		this.minGap = properties.minGap();
		this.refused = Counter.builder("live.streams.refused")
			.description("Streams refused because the instance's stream budget was spent")
			.register(meters);
		Gauge.builder("live.streams.open", this.open, AtomicInteger::get)
			.description("Streams open on this instance")
			.register(meters);
		Gauge.builder("live.streams.budget", properties, LiveProperties::maxStreams)
			.description("Streams this instance serves at most")
			.register(meters);
	}

	/**
	 * Something a page follows.
	 *
	 * @param key identifies it: streams with the same key share one read per interval
	 * @param kind the name of the events it is sent as (e.g. {@code availability})
	 * @param current reads it now; its value is compared with {@code equals}
	 */
	public record Topic(String key, String kind, Supplier<?> current) {
	}

	/**
	 * Opens a stream following {@code topics}, each sent once at once and then on change.
	 * @param poll where the client can read the same topics instead, named in the refusal
	 * when the budget is spent
	 * @throws StreamsFull when this instance already serves its budget of streams
	 */
	public ResponseBodyEmitter open(List<Topic> topics, URI poll) {
		if (this.open.incrementAndGet() > this.properties.maxStreams()) {
			this.open.decrementAndGet();
			this.refused.increment();
			throw new StreamsFull(poll, this.properties.retryAfter().toSeconds());
		}
		Stream stream = new Stream(new EventStream(this.properties.timeout().toMillis()), this.clock.instant());
		this.streams.add(stream);
		Runnable close = () -> close(stream);
		stream.emitter.onCompletion(close);
		stream.emitter.onTimeout(close);
		stream.emitter.onError((ex) -> close.run());
		try {
			for (Topic topic : topics) {
				// a topic that has followers here already is read by the looks; a new
				// one is read now
				Object fresh = this.topics.containsKey(topic.key()) ? null : topic.current().get();
				Followed followed = this.topics.compute(topic.key(), (key, present) -> {
					Followed next = (present != null) ? present
							: new Followed(topic, (fresh != null) ? fresh : topic.current().get());
					next.streams.add(stream);
					return next;
				});
				stream.follows.add(followed);
				// what its other followers were sent last: from here on this stream gets
				// the same messages as they do. Sent on this thread, before the response
				// starts (the emitter keeps it until then): a sender that failed
				// meanwhile would complete the response while this thread still wrote
				// its headers
				stream.emitter.send(new Frame(frame(topic.kind(), followed.last)), MediaType.TEXT_EVENT_STREAM);
			}
		}
		catch (IOException | RuntimeException ex) {
			close(stream);
			throw (ex instanceof RuntimeException runtime) ? runtime : new UncheckedIOException((IOException) ex);
		}
		return stream.emitter;
	}

	/** Streams open on this instance. */
	public int openStreams() {
		return this.open.get();
	}

	/** A topic with followers on this instance, and what they were last sent. */
	private static final class Followed {

		final Topic topic;

		final Set<Stream> streams = ConcurrentHashMap.newKeySet();

		volatile Object last;

		volatile Instant lastPushed = Instant.EPOCH;

		Followed(Topic topic, Object first) {
			this.topic = topic;
			this.last = first;
		}

	}

	/** One page's connection. */
	private static final class Stream {

		final EventStream emitter;

		final Set<Followed> follows = ConcurrentHashMap.newKeySet();

		volatile Instant lastSent;

		/**
		 * The latest frame of each kind not written yet: a slow client gets the latest.
		 */
		final Map<String, byte[]> pending = new ConcurrentHashMap<>();

		/** Whether a writer is at work on this stream: one at most, whatever its pace. */
		final AtomicBoolean writing = new AtomicBoolean();

		Stream(EventStream emitter, Instant opened) {
			this.emitter = emitter;
			this.lastSent = opened;
		}

	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::pushChanges, this.properties.interval());
		tasks.addFixedDelayTask(this::heartbeats, this.properties.heartbeat().dividedBy(2));
	}

	void pushChanges() {
		for (Followed followed : this.topics.values()) {
			Object current;
			try {
				current = followed.topic.current().get();
			}
			catch (RuntimeException ex) {
				continue; // its store is unreachable for a moment: the next look retries
			}
			Instant now = this.clock.instant();
			// a change within the gap after the last message waits for a later look,
			// which sends the latest then
			if (!Objects.equals(current, followed.last) && !now.isBefore(followed.lastPushed.plus(this.minGap))) {
				followed.last = current;
				followed.lastPushed = now;
				// rendered once for all its followers, not once per stream
				String kind = followed.topic.kind();
				byte[] frame = frame(kind, current);
				followed.streams.forEach((stream) -> enqueue(stream, kind, frame, now));
			}
		}
	}

	/** A comment line on every stream that was sent nothing for a heartbeat. */
	void heartbeats() {
		Instant now = this.clock.instant();
		Instant silentSince = now.minus(this.properties.heartbeat());
		for (Stream stream : this.streams) {
			if (stream.lastSent.isBefore(silentSince)) {
				enqueue(stream, ":", HEARTBEAT, now);
			}
		}
	}

	/**
	 * Hands the frame to the stream's writer, starting one if none is at work. A writer
	 * is a virtual thread of its own: a client that reads slowly holds up nobody else,
	 * and while its writer waits, newer frames of a kind replace older ones.
	 */
	private void enqueue(Stream stream, String kind, byte[] frame, Instant now) {
		stream.lastSent = now;
		stream.pending.put(kind, frame);
		if (stream.writing.compareAndSet(false, true)) {
			Thread.ofVirtual().name("live-stream-writer").start(() -> write(stream));
		}
	}

	private void write(Stream stream) {
		do {
			for (String kind : stream.pending.keySet()) {
				byte[] frame = stream.pending.remove(kind);
				if (frame == null) {
					continue;
				}
				try {
					stream.emitter.send(new Frame(frame), MediaType.TEXT_EVENT_STREAM);
				}
				catch (IOException | IllegalStateException ex) {
					close(stream);
					return;
				}
			}
			stream.writing.set(false);
		}
		while (!stream.pending.isEmpty() && stream.writing.compareAndSet(false, true));
	}

	private void close(Stream stream) {
		if (!this.streams.remove(stream)) {
			return;
		}
		this.open.decrementAndGet();
		for (Followed followed : stream.follows) {
			this.topics.computeIfPresent(followed.topic.key(), (key, present) -> {
				present.streams.remove(stream);
				return present.streams.isEmpty() ? null : present;
			});
		}
		try {
			stream.emitter.complete();
		}
		catch (IllegalStateException ex) {
			// the container already ended the request after a failed write (the client
			// went away): there is nothing left to complete
			log.debug("Stream already ended by the container: {}", ex.getMessage());
		}
	}

	/**
	 * One Server-Sent Event, rendered once for all the streams it goes to: each stream
	 * then costs one write of these bytes, not a serialization and three writes.
	 */
	private byte[] frame(String kind, Object value) {
		return ("event:" + kind + "\ndata:" + this.json.writeValueAsString(value) + "\n\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

	/**
	 * Rendered Server-Sent Events, written as they are by {@link FrameConverter} (no
	 * content negotiation or headers per write).
	 */
	record Frame(byte[] bytes) {
	}

	/** A stream of Server-Sent Events written as rendered frames. */
	static final class EventStream extends ResponseBodyEmitter {

		EventStream(long timeout) {
			super(timeout);
		}

		@Override
		protected void extendResponse(ServerHttpResponse response) {
			response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
			response.getHeaders().setCacheControl("no-store");
		}

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
		this.streams.forEach(this::close);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/**
	 * The instance serves its budget of streams. The client polls {@code poll} meanwhile
	 * and tries a stream again after {@code Retry-After}; behind a load balancer the next
	 * try may land on an instance with room.
	 */
	public static final class StreamsFull extends RetryLater {

		private final URI poll;

		StreamsFull(URI poll, long retryAfterSeconds) {
			super(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_SUBSCRIBERS",
					"This instance serves as many live streams as it can; poll the availability and retry the "
							+ "stream later.",
					retryAfterSeconds);
			this.poll = poll;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("poll", this.poll.toString());
		}

	}

}
