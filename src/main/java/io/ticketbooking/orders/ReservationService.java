package io.ticketbooking.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ticketbooking.config.RateLimits;
import io.ticketbooking.events.EventCatalog;
import io.ticketbooking.events.EventCatalog.TicketTypeFacts;
import io.ticketbooking.inventory.Admission;
import io.ticketbooking.inventory.Attempt;
import io.ticketbooking.inventory.AttemptLimit;
import io.ticketbooking.inventory.ClaimResult;
import io.ticketbooking.inventory.FirstResult;
import io.ticketbooking.inventory.GateDecision;
import io.ticketbooking.inventory.IdempotencyKey;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.orders.OrderRepository.NewHold;
import io.ticketbooking.orders.OrderRepository.NewLine;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.shared.ProblemException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reserve path: rate limit → one Redis script → one short Postgres transaction that
 * claims unit rows and inserts the order. Losers are answered from Redis alone; any
 * failure after the Redis step gives the units back to the gate.
 */
@Service
class ReservationService implements Reservations {

	/** How long a repeated Idempotency-Key waits for the first request with it. */
	private static final Duration FIRST_RESULT_WAIT = Duration.ofSeconds(3);

	private final Inventory inventory;

	private final OrderRepository orders;

	/** Bounded well inside the admission's lease. */
	private final TransactionTemplate claimTransaction;

	private final ReserveRateLimiter rateLimiter;

	private final OrdersProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AttemptLimit attemptLimit;

	private final EventCatalog catalog;

	/** One timer per outcome, looked up without building a meter id per request. */
	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	ReservationService(Inventory inventory, OrderRepository orders, TransactionTemplate transactions,
			ReserveRateLimiter rateLimiter, OrdersProperties properties, Clock clock, MeterRegistry meters,
			EventCatalog catalog) {
		this.inventory = inventory;
		this.orders = orders;
		this.claimTransaction = new TransactionTemplate(transactions.getTransactionManager());
		this.claimTransaction.setTimeout(inventory.claimTimeoutSeconds());
		this.rateLimiter = rateLimiter;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.catalog = catalog;
		this.attemptLimit = new AttemptLimit(properties.rateLimit().capacity(), properties.rateLimit().period());
	}

	/**
	 * One or more lines, each a ticket type of the event once: reserved all or nothing.
	 */
	record Reservation(UUID userId, UUID eventId, List<Attempt.Line> lines, String idempotencyKey,
			Attempt.AccessCode accessCode) {

		Reservation(UUID userId, UUID eventId, UUID ticketTypeId, int quantity, String idempotencyKey) {
			this(userId, eventId, List.of(new Attempt.Line(ticketTypeId, quantity)), idempotencyKey, null);
		}

		/** The first line's type: its gate keeps the reservation's idempotency key. */
		UUID ticketTypeId() {
			return this.lines.get(0).ticketTypeId();
		}

	}

	/**
	 * A reservation's answer. Refusals are values, not exceptions: in a ticket war they
	 * are nearly every answer, and throwing each one through Spring's exception handling
	 * cost more than deciding it (docs/benchmarks.md).
	 */
	sealed interface Outcome permits Reserved, Refused {

	}

	record Reserved(Order order) implements Outcome {
	}

	/**
	 * @param retryAfterSeconds for {@link Refusal#RATE_LIMITED}, else 0
	 */
	record Refused(Refusal refusal, long retryAfterSeconds) implements Outcome {
	}

	/** The expected refusals of a sale, each answered with its own problem. */
	enum Refusal {

		SOLD_OUT, LIMIT_EXCEEDED, ORDER_LIMIT_EXCEEDED, SALE_NOT_OPEN, SALE_CLOSED, RATE_LIMITED, QUEUE_REQUIRED,
		ADMISSION_EXPIRED, ACCESS_CODE_INVALID, ACCESS_CODE_NOT_ACTIVE, ACCESS_CODE_NOT_FOR_TYPE,
		ACCESS_CODE_LIMIT_EXCEEDED, ACCESS_CODE_USED_UP;

		/** The answer without a wait time, made once. */
		private final Refused answer = new Refused(this, 0);

	}

	@Override
	public Outcome reserve(Reservation request) {
		long started = System.nanoTime();
		String outcome = "ERROR";
		try {
			Outcome answer = reserveOnce(request, true);
			outcome = (answer instanceof Refused refused) ? refused.refusal().name() : "RESERVED";
			return answer;
		}
		catch (RuntimeException ex) {
			outcome = (ex instanceof ProblemException p) ? p.code() : "ERROR";
			throw ex;
		}
		finally {
			this.timers.computeIfAbsent(outcome, this::timer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	private Timer timer(String outcome) {
		return Timer.builder("orders.reserve")
			.description("Reserve requests by outcome")
			.tag("outcome", outcome)
			// buckets for Prometheus's histogram_quantile; no client-side percentiles,
			// whose
			// HdrHistogram resizes by throwing and catching on the recording thread
			.publishPercentileHistogram()
			.register(this.meters);
	}

	/**
	 * The per-user attempt limit is taken by the gate script itself (no extra round
	 * trip); the Bucket4j limiter guards the slower path, when the gate has to ask
	 * Postgres about a ticket type it does not know. The order's id is chosen first: the
	 * gate records the admission under it.
	 */
	private Outcome reserveOnce(Reservation request, boolean mayRetry) {
		Instant now = this.clock.instant();
		Attempt attempt = new Attempt(request.eventId(), request.userId(), request.lines(), request.idempotencyKey(),
				now, this.attemptLimit, true, request.accessCode());
		GateDecision decision = this.inventory.admit(attempt, () -> this.rateLimiter.check(request.userId()));
		return switch (decision.outcome()) {
			case ADMITTED -> claim(request, decision.admission(), now, mayRetry);
			case DUPLICATE -> firstResult(request, decision, mayRetry);
			case RATE_LIMITED ->
				new Refused(Refusal.RATE_LIMITED, RateLimits.retryAfterSeconds(decision.retryAfter().toNanos()));
			case SOLD_OUT -> Refusal.SOLD_OUT.answer;
			case LIMIT_EXCEEDED -> Refusal.LIMIT_EXCEEDED.answer;
			case ORDER_LIMIT_EXCEEDED -> Refusal.ORDER_LIMIT_EXCEEDED.answer;
			case SALE_NOT_OPEN -> Refusal.SALE_NOT_OPEN.answer;
			case SALE_CLOSED -> Refusal.SALE_CLOSED.answer;
			case QUEUE_REQUIRED -> Refusal.QUEUE_REQUIRED.answer;
			case ADMISSION_EXPIRED -> Refusal.ADMISSION_EXPIRED.answer;
			case UNKNOWN -> throw new NotFound("Ticket type");
			case ACCESS_CODE_INVALID -> Refusal.ACCESS_CODE_INVALID.answer;
			case ACCESS_CODE_NOT_ACTIVE -> Refusal.ACCESS_CODE_NOT_ACTIVE.answer;
			case ACCESS_CODE_NOT_FOR_TYPE -> Refusal.ACCESS_CODE_NOT_FOR_TYPE.answer;
			case ACCESS_CODE_LIMIT_EXCEEDED -> Refusal.ACCESS_CODE_LIMIT_EXCEEDED.answer;
			case ACCESS_CODE_USED_UP -> Refusal.ACCESS_CODE_USED_UP.answer;
		};
	}

	private record Claimed(ClaimResult result, Order order) {
	}

	/**
	 * Claims the admitted units and records the order in one short transaction, then
	 * settles the admission; whatever goes wrong, the admission ends exactly once.
	 */
	private Outcome claim(Reservation request, Admission admission, Instant now, boolean mayRetry) {
		// read before the claim takes its locks (served from memory after the first
		// time); the gate already checked that each ticket type is the event's
		List<NewLine> lines = new ArrayList<>(request.lines().size());
		for (Attempt.Line line : request.lines()) {
			TicketTypeFacts type = this.catalog.ticketType(line.ticketTypeId()).orElse(null);
			if (type == null) {
				this.inventory.abort(admission);
				throw new NotFound("Ticket type");
			}
			if (!type.currency().equals(lines.isEmpty() ? type.currency() : lines.get(0).ticketType().currency())) {
				this.inventory.abort(admission);
				throw InvalidFields.of("lines", "the ticket types of one order must share a currency");
			}
			lines.add(new NewLine(type, line.quantity()));
		}
		Claimed claimed;
		try {
			claimed = this.claimTransaction.execute((tx) -> {
				ClaimResult result = this.inventory.claim(admission, admission.id());
				if (result != ClaimResult.CLAIMED) {
					tx.setRollbackOnly();
					return new Claimed(result, null);
				}
				return new Claimed(result, this.orders.insertReserved(new NewHold(admission.id(), request.userId(),
						request.eventId(), lines, request.idempotencyKey(), now, now.plus(this.properties.holdTtl()))));
			});
		}
		catch (DuplicateKeyException ex) {
			// the same key raced past a gate that had lost its memory; Postgres kept the
			// first
			this.inventory.abort(admission);
			return new Reserved(
					this.orders.findByIdempotencyKey(request.userId(), request.idempotencyKey()).orElseThrow(() -> ex));
		}
		catch (RuntimeException ex) {
			// the commit itself may have failed after Postgres made it durable: Postgres
			// decides whether the admission is settled or given back
			this.inventory.resolve(admission);
			throw ex;
		}
		return switch (claimed.result()) {
			case CLAIMED -> {
				this.inventory.settle(admission, claimed.order().id());
				yield new Reserved(claimed.order());
			}
			case SHORT -> {
				// the gate admitted more than Postgres has: give back, resync, refuse
				this.inventory.abort(admission);
				request.lines().forEach((line) -> this.inventory.reconcile(line.ticketTypeId()));
				yield Refusal.SOLD_OUT.answer;
			}
			case CODE_USED_UP -> {
				// the gate counted fewer uses of the code than Postgres holds: give back,
				// resync the code's count, refuse
				this.inventory.abort(admission);
				this.inventory.resyncPresaleCodes(request.eventId());
				yield Refusal.ACCESS_CODE_USED_UP.answer;
			}
			case GATE_REBUILT, EXPIRED -> {
				// the gate was rebuilt, or the lease ran out, while this request waited:
				// nothing was taken; one more pass through the gate
				this.inventory.abort(admission);
				if (mayRetry) {
					yield reserveOnce(request, false);
				}
				throw new OrderProblems.GateBusy();
			}
		};
	}

	/**
	 * A repeated Idempotency-Key: wait for the first request (woken by its outcome, not
	 * polling) and answer with its order.
	 */
	private Outcome firstResult(Reservation request, GateDecision decision, boolean mayRetry) {
		FirstResult first = decision.firstResult();
		if (first instanceof FirstResult.Pending) {
			first = this.inventory.awaitFirstResult(new IdempotencyKey(request.eventId(), request.ticketTypeId(),
					request.userId(), request.idempotencyKey()), FIRST_RESULT_WAIT);
		}
		return switch (first) {
			case FirstResult.Done(UUID orderId) ->
				new Reserved(this.orders.find(orderId).orElseThrow(OrderProblems.IdempotencyKeyInUse::new));
			case FirstResult.Gone() -> {
				// the first request failed and gave its units back; this one may try for
				// itself
				if (mayRetry) {
					yield reserveOnce(request, false);
				}
				throw new OrderProblems.IdempotencyKeyInUse();
			}
			case FirstResult.Pending() -> throw new OrderProblems.IdempotencyKeyInUse();
		};
	}

}
