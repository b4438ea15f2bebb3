package io.ticketbooking.events;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@Tag(name = "events")
@RestController
@RequestMapping("/api/v1/events/{id}/availability")
class AvailabilityController {

	private final EventService events;

	private final AvailabilityProvider provider;

	private final AvailabilityStreams streams;

	AvailabilityController(EventService events, AvailabilityProvider provider, AvailabilityStreams streams) {
		this.events = events;
		this.provider = provider;
		this.streams = streams;
	}

	@Operation(summary = "Capacity and live availability per ticket type")
	@GetMapping
	Availability availability(@PathVariable UUID id) {
		Event event = this.events.get(id);
		return Availability.of(event, this.provider.available(event.ticketTypeIds()));
	}

	@Operation(summary = "Server-Sent Events: an `availability` event now and on every change (coalesced)")
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@PathVariable UUID id) {
		return this.streams.subscribe(this.events.get(id));
	}

}
