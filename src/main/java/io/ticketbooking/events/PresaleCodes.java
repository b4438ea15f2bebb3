package io.ticketbooking.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Presale access codes: the organizer makes them for an event (a shared code, or a batch
 * of single-use codes), each bound to ticket types and a window; the gate counts their
 * uses (docs/presale.md).
 */
@Service
class PresaleCodes {

	/** The most codes one batch may hold. */
	static final int MAX_BATCH = 10_000;

	private final EventRepository events;

	private final PresaleCodeRepository codes;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	PresaleCodes(EventRepository events, PresaleCodeRepository codes, TransactionTemplate transactions,
			ApplicationEventPublisher publisher, Clock clock) {
		this.events = events;
		this.codes = codes;
		this.transactions = transactions;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * A new batch of codes.
	 *
	 * @param code a shared code the organizer chose (stored hashed only); absent: the
	 * service draws one
	 * @param count how many single-use codes to draw
	 * @param maxUses orders a shared code may be used for (absent: no limit)
	 * @param maxTicketsPerUse units one order made with a code may hold
	 */
	record BatchRequest(@NotNull PresaleCode.Kind kind, @Size(max = 100) String label,
			@Size(min = 6, max = 64) @Pattern(regexp = "[A-Za-z0-9-]+",
					message = "may hold letters, digits and hyphens only") String code,
			@Min(1) @Max(MAX_BATCH) Integer count, @NotEmpty @Size(max = 20) List<@Valid @NotNull UUID> ticketTypeIds,
			@NotNull Instant startsAt, @NotNull Instant endsAt, @Min(1) @Max(1_000_000) Integer maxUses,
			@Min(1) @Max(100) Integer maxTicketsPerUse) {
	}

	/**
	 * A batch as shown to its organizer.
	 *
	 * @param codes the codes: those the service drew, and a chosen shared code only in
	 * the answer that made it (it is stored hashed)
	 */
	record BatchView(UUID batchId, PresaleCode.Kind kind, String label, List<UUID> ticketTypeIds, Instant startsAt,
			Instant endsAt, Integer maxUses, Integer maxTicketsPerUse, int codeCount, List<String> codes,
			Instant createdAt) {

		static BatchView of(List<PresaleCode> batch, List<String> codes) {
			PresaleCode first = batch.get(0);
			return new BatchView(first.batchId(), first.kind(), first.label(), first.ticketTypeIds(), first.startsAt(),
					first.endsAt(), first.maxUses(), first.maxTicketsPerUse(), batch.size(), codes, first.createdAt());
		}

	}

	/** A chosen code the event already has (or one that hashes alike). */
	static final class CodeTaken extends ProblemException {

		CodeTaken() {
			super(HttpStatus.CONFLICT, "ACCESS_CODE_TAKEN", "The event already has this access code.");
		}

	}

	/**
	 * A batch whose code the organizer chose: it is stored hashed, there is nothing to
	 * export.
	 */
	static final class NotExportable extends ProblemException {

		NotExportable() {
			super(HttpStatus.CONFLICT, "CODES_NOT_EXPORTABLE",
					"This batch's code was chosen by the organizer and is stored hashed only.");
		}

	}

	BatchView create(Caller caller, UUID eventId, BatchRequest request) {
		Instant now = this.clock.instant();
		return this.transactions.execute((tx) -> {
			Event event = this.events.findForUpdate(eventId).orElseThrow(() -> new NotFound("Event"));
			EventService.checkOwner(caller, event);
			checkRules(event, request);
			UUID batchId = UUID.randomUUID();
			String label = (request.label() == null) ? "" : request.label().trim();
			boolean single = request.kind() == PresaleCode.Kind.SINGLE_USE;
			Integer maxUses = single ? Integer.valueOf(1) : request.maxUses();
			List<String> texts = new ArrayList<>();
			if (single) {
				// in the order the batch is listed and exported in
				Set<String> drawn = new TreeSet<>();
				while (drawn.size() < request.count()) {
					drawn.add(AccessCodes.draw());
				}
				texts.addAll(drawn);
			}
			else {
				texts.add((request.code() != null) ? request.code().trim() : AccessCodes.draw());
			}
			boolean chosen = !single && request.code() != null;
			List<PresaleCode> batch = texts.stream()
				.map((text) -> new PresaleCode(UUID.randomUUID(), eventId, batchId, label, request.kind(),
						AccessCodes.hash(eventId, text), chosen ? null : text, List.copyOf(request.ticketTypeIds()),
						request.startsAt(), request.endsAt(), maxUses, request.maxTicketsPerUse(), now))
				.toList();
			if (!this.codes.insertBatch(batch.get(0), batch)) {
				// a chosen code the event has, or (rarer than any other failure) a drawn
				// one
				tx.setRollbackOnly();
				throw new CodeTaken();
			}
			this.publisher.publishEvent(new PresaleCodesAdded(eventId,
					batch.stream().map((c) -> new PresaleCodesAdded.AddedCode(c.codeHash(), c.maxUses())).toList()));
			return BatchView.of(batch, texts);
		});
	}

	/** The event's batches, oldest first, with the codes the service drew. */
	List<BatchView> batches(Caller caller, UUID eventId) {
		Event event = this.events.find(eventId).orElseThrow(() -> new NotFound("Event"));
		EventService.checkOwner(caller, event);
		Map<UUID, List<PresaleCode>> byBatch = new LinkedHashMap<>();
		this.codes.ofEvent(eventId)
			.forEach((c) -> byBatch.computeIfAbsent(c.batchId(), (k) -> new ArrayList<>()).add(c));
		return byBatch.values()
			.stream()
			.map((batch) -> BatchView.of(batch,
					batch.stream().map(PresaleCode::code).filter((code) -> code != null).toList()))
			.toList();
	}

	/** One batch's drawn codes, for the CSV export. */
	BatchView batch(Caller caller, UUID eventId, UUID batchId) {
		BatchView batch = batches(caller, eventId).stream()
			.filter((b) -> b.batchId().equals(batchId))
			.findFirst()
			.orElseThrow(() -> new NotFound("Presale code batch"));
		if (batch.codes().isEmpty()) {
			throw new NotExportable();
		}
		return batch;
	}

	private static void checkRules(Event event, BatchRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		if (request.kind() == PresaleCode.Kind.SINGLE_USE) {
			if (request.count() == null) {
				errors.add(error("count", "must say how many single-use codes to make"));
			}
			if (request.code() != null) {
				errors.add(error("code", "single-use codes are drawn by the service; leave it out"));
			}
			if (request.maxUses() != null && request.maxUses() != 1) {
				errors.add(error("maxUses", "a single-use code is used once"));
			}
		}
		else if (request.count() != null && request.count() != 1) {
			errors.add(error("count", "a shared code is one code; use maxUses to limit its uses"));
		}
		Set<UUID> own = new HashSet<>(event.ticketTypeIds());
		for (int i = 0; i < request.ticketTypeIds().size(); i++) {
			if (!own.contains(request.ticketTypeIds().get(i))) {
				errors.add(error("ticketTypeIds[" + i + "]", "is not a ticket type of this event"));
			}
		}
		if (!request.endsAt().isAfter(request.startsAt())) {
			errors.add(error("endsAt", "must be after startsAt"));
		}
		if (request.endsAt().isAfter(event.salesEndAt())) {
			errors.add(error("endsAt", "must not be after the sale ends (" + event.salesEndAt() + ")"));
		}
		if (request.startsAt().isBefore(EventRequests.EARLIEST)) {
			errors.add(error("startsAt", "must not be before " + EventRequests.EARLIEST));
		}
		if (!errors.isEmpty()) {
			throw new InvalidFields(errors);
		}
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

}
