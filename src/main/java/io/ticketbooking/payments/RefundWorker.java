package io.ticketbooking.payments;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Carries out due refunds, on every instance at once: each round claims a batch (SKIP
 * LOCKED, then a lease) and calls the provider for each, outside any transaction. A
 * refund the provider took waits for its signed {@code charge.refunded} webhook; if that
 * does not come within {@code payments.refunds.confirm-timeout}, the provider is asked
 * again on the same refund id (which is idempotent there). A refused or failed call is
 * retried after the next of {@code payments.refunds.retry-delays}.
 */
@Component
class RefundWorker implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RefundWorker.class);

	private final RefundRepository refunds;

	private final List<PaymentProvider> providers;

	private final RefundProperties properties;

	private final Clock clock;

	private final Counter accepted;

	private final Counter retried;

	private final Counter failed;

	RefundWorker(RefundRepository refunds, List<PaymentProvider> providers, RefundProperties properties, Clock clock,
			MeterRegistry meters) {
		this.refunds = refunds;
		this.providers = providers;
		this.properties = properties;
		this.clock = clock;
		this.accepted = outcome(meters, "accepted");
		this.retried = outcome(meters, "retry");
		this.failed = outcome(meters, "failed");
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("payments.refund.calls")
			.description("Refund calls to the payment provider, by what came of them")
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::work, this.properties.pollInterval());
	}

	void work() {
		try {
			while (workOnce() == this.properties.batch()) {
				// a full batch: more may be due
			}
		}
		catch (RuntimeException ex) {
			log.warn("Refund round failed, will retry: {}", ex.getMessage());
		}
	}

	/** Calls the provider for one batch of due refunds; answers how many it claimed. */
	int workOnce() {
		Instant now = this.clock.instant();
		List<RefundRepository.Due> due = this.refunds.claimDue(now, now.plus(this.properties.lease()),
				this.properties.batch());
		try (ExecutorService calling = Executors.newVirtualThreadPerTaskExecutor()) {
			for (RefundRepository.Due refund : due) {
				calling.execute(() -> attempt(refund));
			}
		}
		return due.size();
	}

	private void attempt(RefundRepository.Due refund) {
		int attempt = refund.attempts() + 1;
		try {
			PaymentProvider provider = this.providers.stream()
				.filter((p) -> p.name().equals(refund.provider()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("provider " + refund.provider() + " is not configured"));
			PaymentProvider.Refunded refunded = provider.refund(new PaymentProvider.RefundCall(refund.id(),
					refund.orderId(), refund.paymentId(), refund.paymentRef(), refund.amount(), refund.currency()));
			Instant now = this.clock.instant();
			if (this.refunds.accepted(refund.id(), attempt, refunded.providerRef(),
					now.plus(this.properties.confirmTimeout()), now)) {
				this.accepted.increment();
			}
		}
		catch (RuntimeException ex) {
			String error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			Instant now = this.clock.instant();
			Instant retryAt = (attempt < this.properties.maxAttempts())
					? now.plus(this.properties.retryDelays().get(attempt - 1)) : null;
			if (this.refunds.failed(refund.id(), attempt, error, retryAt, now)) {
				if (retryAt != null) {
					this.retried.increment();
					log.info("Refund {} of order {}: attempt {} failed, again at {}: {}", refund.id(), refund.orderId(),
							attempt, retryAt, error);
				}
				else {
					this.failed.increment();
					log.error("Refund {} of order {} failed for good after {} attempts: {}", refund.id(),
							refund.orderId(), attempt, error);
				}
			}
		}
	}

}
