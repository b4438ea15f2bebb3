package io.ticketbooking.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.ticketbooking.shared.InvalidFields;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Request bodies of the events API and the rules that span several fields. */
final class EventRequests {

	/**
	 * The instants an event may use. Postgres and clients cannot represent every Java
	 * instant, and a number where an instant belongs (1e309) reads as the epoch.
	 */
	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private EventRequests() {
	}

	record Create(@NotBlank @Size(max = 200) String name, @Size(max = 5000) String description,
			@NotBlank @Size(max = 200) String venue, @NotNull Instant startsAt, @NotNull Instant endsAt,
			@NotBlank @Size(max = 64) String timezone, @NotNull Instant salesStartAt, @NotNull Instant salesEndAt,
			@NotEmpty @Size(max = 20) List<@Valid @NotNull TicketTypeRequest> ticketTypes,
			@Min(0) @Max(MAX_TICKETS_PER_ORDER) Integer maxTicketsPerOrder) {
	}

	/** The highest per-order limit an event may set (0 or absent: no limit). */
	static final int MAX_TICKETS_PER_ORDER = 1_000;

	record TicketTypeRequest(@NotBlank @Size(max = 100) String name,
			@NotNull @PositiveOrZero @Max(1_000_000_000_000L) Long price,
			@NotBlank @Pattern(regexp = "[A-Z]{3}",
					message = "must be an ISO-4217 code like IDR or EUR") String currency,
			@NotNull @Min(1) @Max(1_000_000) Integer capacity, @NotNull @Min(1) Integer perUserLimit) {
	}

	/** Descriptive fields only; capacities and ticket types cannot change. */
	record Patch(@Size(min = 1, max = 200) String name, @Size(max = 5000) String description,
			@Size(min = 1, max = 200) String venue, Instant startsAt, Instant endsAt,
			@Size(min = 1, max = 64) String timezone, Instant salesStartAt, Instant salesEndAt,
			List<Object> ticketTypes, @Min(0) @Max(MAX_TICKETS_PER_ORDER) Integer maxTicketsPerOrder) {
	}

	/**
	 * An event's waiting room (docs/waiting-room.md).
	 *
	 * @param ratePerMinute buyers admitted per minute; absent for automatic (the event's
	 * capacity over one hold time)
	 */
	record QueueRequest(@NotNull Instant preQueueOpensAt, @Min(1) @Max(1_000_000) Integer ratePerMinute,
			@NotNull @Min(30) @Max(86_400) Integer admissionWindowSeconds, Boolean refuseAccountsCreatedAfterOpening) {
	}

	/**
	 * An event's refund policy (docs/refunds.md).
	 *
	 * @param refundableUntil until when buyers may refund their orders themselves; absent
	 * or null: they may not
	 * @param restock whether refunded units go back on sale; absent means true
	 */
	record RefundPolicyRequest(Instant refundableUntil, Boolean restock) {
	}

	/** A buyer's refund window closes no later than the event starts. */
	static void checkRefundPolicy(RefundPolicyRequest request, Instant startsAt) {
		if (request.refundableUntil() == null) {
			return;
		}
		List<Map<String, String>> errors = new ArrayList<>();
		checkInRange(errors, "refundableUntil", request.refundableUntil());
		if (request.refundableUntil().isAfter(startsAt)) {
			errors.add(error("refundableUntil", "must not be after startsAt (" + startsAt + ")"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidFields(errors);
		}
	}

	/** The pre-queue opens in range, and no later than the sale. */
	static void checkQueueRules(QueueRequest request, Instant salesStartAt) {
		List<Map<String, String>> errors = new ArrayList<>();
		checkInRange(errors, "preQueueOpensAt", request.preQueueOpensAt());
		if (request.preQueueOpensAt().isAfter(salesStartAt)) {
			errors.add(error("preQueueOpensAt", "must not be after salesStartAt (" + salesStartAt + ")"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidFields(errors);
		}
	}

	/** Rules Bean Validation cannot express; every broken rule is reported at once. */
	static void checkRules(Instant startsAt, Instant endsAt, Instant salesStartAt, Instant salesEndAt, String timezone,
			List<TicketTypeRequest> ticketTypes) {
		List<Map<String, String>> errors = new ArrayList<>();
		checkInRange(errors, "startsAt", startsAt);
		checkInRange(errors, "endsAt", endsAt);
		checkInRange(errors, "salesStartAt", salesStartAt);
		checkInRange(errors, "salesEndAt", salesEndAt);
		if (!endsAt.isAfter(startsAt)) {
			errors.add(error("endsAt", "must be after startsAt"));
		}
		if (!salesEndAt.isAfter(salesStartAt)) {
			errors.add(error("salesEndAt", "must be after salesStartAt"));
		}
		if (salesEndAt.isAfter(endsAt)) {
			errors.add(error("salesEndAt", "the sale must close before the event ends"));
		}
		try {
			ZoneId.of(timezone);
		}
		catch (DateTimeException ex) {
			errors.add(error("timezone", "must be an IANA time zone like Asia/Jakarta"));
		}
		for (int i = 0; i < ticketTypes.size(); i++) {
			TicketTypeRequest type = ticketTypes.get(i);
			if (type.perUserLimit() > type.capacity()) {
				errors.add(error("ticketTypes[" + i + "].perUserLimit", "must not exceed the capacity"));
			}
			try {
				Currency.getInstance(type.currency());
			}
			catch (IllegalArgumentException ex) {
				errors.add(error("ticketTypes[" + i + "].currency", "is not a known ISO-4217 currency"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidFields(errors);
		}
	}

	/** A search bound beyond what any event can use means the same as that limit. */
	static Instant clamp(Instant instant) {
		if (instant == null) {
			return null;
		}
		return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
	}

	private static void checkInRange(List<Map<String, String>> errors, String field, Instant instant) {
		if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
			errors.add(error(field, "must be between " + EARLIEST + " and " + LATEST));
		}
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

}
