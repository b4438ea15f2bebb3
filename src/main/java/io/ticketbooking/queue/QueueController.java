package io.ticketbooking.queue;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.auth.AccessTokens;
import io.ticketbooking.queue.QueueViews.Place;
import io.ticketbooking.queue.QueueViews.Queue;
import io.ticketbooking.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/** The waiting room of a queued event (docs/waiting-room.md). */
@Tag(name = "waiting room")
@RestController
@RequestMapping("/api/v1/events/{id}/queue")
class QueueController {

	private final WaitingRoom room;

	private final QueueConsole console;

	private final QueueProperties properties;

	private final PlaceResponses places;

	QueueController(WaitingRoom room, QueueConsole console, QueueProperties properties, PlaceResponses places) {
		this.properties = properties;
		this.room = room;
		this.console = console;
		this.places = places;
	}

	@Operation(summary = "Join the event's waiting room: one place per account; joining again answers the same place",
			responses = {
					@ApiResponse(responseCode = "200", description = "Your place",
							content = @Content(schema = @Schema(implementation = Place.class))),
					@ApiResponse(responseCode = "403",
							description = "ACCOUNT_TOO_NEW: the organizer admits only accounts made before the "
									+ "pre-queue opened; EMAIL_NOT_VERIFIED: this deployment admits only confirmed "
									+ "addresses (QUEUE_REQUIRE_VERIFIED_EMAIL)"),
					@ApiResponse(responseCode = "404", description = "QUEUE_NOT_FOUND: the event has no waiting room"),
					@ApiResponse(responseCode = "409", description = "QUEUE_NOT_OPEN, with opensAt"),
					@ApiResponse(responseCode = "429",
							description = "RATE_LIMITED (per account and per address), " + "with Retry-After") })
	@PostMapping
	void join(Caller caller, @PathVariable UUID id, @Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (this.properties.requireVerifiedEmail()
				&& !Boolean.TRUE.equals(token.getClaims().get(AccessTokens.EMAIL_VERIFIED))) {
			throw new QueueProblems.EmailNotVerified();
		}
		Object created = token.getClaims().get(AccessTokens.ACCOUNT_CREATED);
		Instant accountCreatedAt = (created instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue())
				: null;
		this.places.write(this.room.join(id, caller.id(), request.getRemoteAddr(), accountCreatedAt), response);
	}

	@Operation(summary = "The queue: state, rate, how many wait and were admitted, and the pre-queue's draw")
	@GetMapping
	Queue queue(@PathVariable UUID id) {
		return this.room.queue(id);
	}

	@Operation(summary = "Your place: position, people ahead, estimated wait, admission and its expiry, sold out",
			responses = @ApiResponse(responseCode = "200", description = "Your place",
					content = @Content(schema = @Schema(implementation = Place.class))))
	@GetMapping("/me")
	void me(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
		this.places.write(this.room.place(id, caller.id()), response);
	}

	@Operation(summary = "Server-Sent Events: a `queue` event with your place now and on every change (coalesced)")
	@GetMapping(path = "/me/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseBodyEmitter follow(Caller caller, @PathVariable UUID id) {
		return this.room.follow(id, caller.id());
	}

	@Operation(summary = "The organizer's console: the queue with the event's units reserved, sold and left "
			+ "(owner or admin)")
	@GetMapping("/stats")
	QueueConsole.Stats stats(Caller caller, @PathVariable UUID id) {
		return this.console.stats(caller, id);
	}

}
