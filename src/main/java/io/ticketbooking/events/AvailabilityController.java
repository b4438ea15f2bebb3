package io.ticketbooking.events;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.live.LiveStreams;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

@Tag(name = "events")
@RestController
@RequestMapping("/api/v1/events/{id}/availability")
class AvailabilityController {

	private final AvailabilitySnapshots snapshots;

	private final LiveStreams streams;

	private final CacheControl pollCaching;

	AvailabilityController(AvailabilitySnapshots snapshots, LiveStreams streams, EventsProperties properties) {
		this.snapshots = snapshots;
		this.streams = streams;
		this.pollCaching = CacheControl.maxAge(properties.pollMaxAge()).cachePublic();
	}

	@Operation(summary = "Capacity and live availability per ticket type",
			description = "The polling form of the stream: cacheable for `AVAILABILITY_POLL_MAX_AGE` (1 s), with a "
					+ "strong `ETag`; `If-None-Match` with the last tag answers `304` while nothing changed. "
					+ "Served from Redis and memory, never from PostgreSQL.")
	@GetMapping
	ResponseEntity<Availability> availability(@PathVariable UUID id) {
		AvailabilitySnapshots.Snapshot snapshot = this.snapshots.current(id);
		// a matching If-None-Match turns this into a 304 without a body
		return ResponseEntity.ok().cacheControl(this.pollCaching).eTag(snapshot.etag()).body(snapshot.body());
	}

	@Operation(summary = "Server-Sent Events: an `availability` event now and on every change (coalesced)",
			description = "Past the instance's stream budget: `503` with code `TOO_MANY_SUBSCRIBERS`, `Retry-After`, "
					+ "and `poll` naming the polling form to use meanwhile.")
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseBodyEmitter stream(@PathVariable UUID id) {
		this.snapshots.current(id); // an unknown event is a 404, not a stream
		return this.streams.open(
				List.of(new LiveStreams.Topic("availability:" + id, "availability", () -> this.snapshots.now(id))),
				URI.create("/api/v1/events/" + id + "/availability"));
	}

}
