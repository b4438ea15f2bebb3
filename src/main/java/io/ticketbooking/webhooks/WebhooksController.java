package io.ticketbooking.webhooks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.Page;
import io.ticketbooking.shared.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organizer's webhook endpoints and their delivery log (docs/webhooks.md). An endpoint
 * belongs to the organizer who made it and hears of all of their events; to anyone else
 * (but an admin) it does not exist.
 */
@Tag(name = "organizer")
@Validated
@RestController
@RequestMapping("/api/v1/organizer/webhooks")
@PreAuthorize("hasAnyRole('ORGANIZER', 'ADMIN')")
class WebhooksController {

	private static final SecureRandom random = new SecureRandom();

	private final WebhookEndpoints endpoints;

	private final WebhookDeliveries deliveries;

	private final WebhookEvents events;

	private final WebhookProperties properties;

	private final Destinations destinations;

	private final Clock clock;

	WebhooksController(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookEvents events,
			WebhookProperties properties, Destinations destinations, Clock clock) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.events = events;
		this.properties = properties;
		this.destinations = destinations;
		this.clock = clock;
	}

	/**
	 * @param url where deliveries are posted
	 * @param events the types wanted: {@code order.confirmed},
	 * {@code order.refund_required}, {@code ticket.checked_in}
	 */
	record EndpointRequest(@NotBlank @Size(max = Destinations.MAX_URL_LENGTH) String url,
			@NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 64) String> events) {
	}

	/**
	 * @param secret signs every delivery ({@code Ticketbooking-Signature})
	 */
	record EndpointView(UUID id, String url, List<String> events, String secret, Instant createdAt) {
	}

	record AttemptView(int attempt, Instant at, Integer statusCode, String error, int durationMs) {
	}

	/**
	 * @param eventKey what the delivery is about: its type and the order's or ticket's id
	 * @param nextAttemptAt when it is tried again (pending only)
	 * @param log every attempt, first first
	 */
	record DeliveryView(UUID id, String type, String eventKey, WebhookDeliveries.Status status, int attempts,
			Instant nextAttemptAt, Instant createdAt, Instant deliveredAt, List<AttemptView> log) {
	}

	@Operation(summary = "Register a webhook endpoint for my events",
			description = "Deliveries are POSTed as JSON {id, type, createdAt, data}, signed like the payment "
					+ "provider's webhooks: header Ticketbooking-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256("
					+ "secret, \"<t>.<body>\")>. Failed attempts are retried with backoff; the delivery log shows "
					+ "every attempt. Unless the deployment allows it, the URL may not be a private address.")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	EndpointView create(Caller caller, @Valid @RequestBody EndpointRequest request) {
		String url = request.url().trim();
		this.destinations.refusal(url).or(() -> this.destinations.unreachable(url)).ifPresent((why) -> {
			throw InvalidFields.of("url", why);
		});
		List<String> types = request.events().stream().map(String::trim).distinct().toList();
		for (String type : types) {
			if (WebhookEventType.subscribable(type).isEmpty()) {
				throw InvalidFields.of("events", "unknown event type " + type
						+ "; one of order.confirmed, order.refund_required, " + "ticket.checked_in");
			}
		}
		if (this.endpoints.countOfOrganizer(caller.id()) >= this.properties.maxEndpoints()) {
			throw new TooManyEndpoints(this.properties.maxEndpoints());
		}
		byte[] secret = new byte[32];
		random.nextBytes(secret);
		WebhookEndpoints.Endpoint endpoint = new WebhookEndpoints.Endpoint(UUID.randomUUID(), caller.id(), url, types,
				"whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), this.clock.instant());
		this.endpoints.insert(endpoint);
		return view(endpoint);
	}

	@Operation(summary = "My webhook endpoints, with their secrets")
	@GetMapping
	List<EndpointView> mine(Caller caller) {
		return this.endpoints.ofOrganizer(caller.id()).stream().map(WebhooksController::view).toList();
	}

	@Operation(summary = "Remove one of my webhook endpoints, with its deliveries and their log")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Caller caller, @PathVariable UUID id) {
		this.endpoints.delete(owned(caller, id).id());
	}

	@Operation(summary = "The delivery log of one of my endpoints, newest first, every attempt of each")
	@GetMapping("/{id}/deliveries")
	Page<DeliveryView> deliveries(Caller caller, @PathVariable UUID id,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		UUID endpoint = owned(caller, id).id();
		List<DeliveryView> items = this.deliveries.ofEndpoint(endpoint, page, size)
			.stream()
			.map((d) -> new DeliveryView(d.id(), d.eventType(), d.eventKey(), d.status(), d.attempts(),
					d.nextAttemptAt(), d.createdAt(), d.deliveredAt(),
					d.log()
						.stream()
						.map((a) -> new AttemptView(a.attempt(), a.attemptedAt(), a.statusCode(), a.error(),
								a.durationMs()))
						.toList()))
			.toList();
		return new Page<>(items, page, size, this.deliveries.countOfEndpoint(endpoint));
	}

	@Operation(summary = "Send a ping to one of my endpoints, to try it",
			description = "A delivery of type ping is queued at once; its attempts show in the delivery log.")
	@PostMapping("/{id}/ping")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Object> ping(Caller caller, @PathVariable UUID id) {
		this.events.ping(owned(caller, id).id());
		return Map.of("queued", true);
	}

	private WebhookEndpoints.Endpoint owned(Caller caller, UUID id) {
		return this.endpoints.find(id)
			.filter((e) -> caller.isOwnerOrAdmin(e.organizerId()))
			.orElseThrow(() -> new NotFound("Webhook endpoint"));
	}

	private static EndpointView view(WebhookEndpoints.Endpoint endpoint) {
		return new EndpointView(endpoint.id(), endpoint.url(), endpoint.eventTypes(), endpoint.secret(),
				endpoint.createdAt());
	}

	static final class TooManyEndpoints extends ProblemException {

		TooManyEndpoints(int max) {
			super(HttpStatus.CONFLICT, "TOO_MANY_WEBHOOKS",
					"You have " + max + " webhook endpoints, the most one organizer may have; remove one first.");
		}

	}

}
