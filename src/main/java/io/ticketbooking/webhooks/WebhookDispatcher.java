package io.ticketbooking.webhooks;

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
 * Sends due deliveries, on every instance at once: each round claims a batch (SKIP
 * LOCKED, then a lease), sends them side by side on virtual threads, and logs each
 * attempt. A failed attempt is due again after the next of {@code webhooks.retry-delays};
 * after the last, the delivery is {@code FAILED}. An instance that dies mid-round leaves
 * its claims to the others when their lease runs out, so a delivery may arrive twice
 * (receivers dedupe by its event {@code id}), never not at all while attempts remain.
 */
@Component
class WebhookDispatcher implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookDeliveries deliveries;

	private final WebhookSender sender;

	private final WebhookProperties properties;

	private final Clock clock;

	private final Counter delivered;

	private final Counter retried;

	private final Counter failed;

	WebhookDispatcher(WebhookDeliveries deliveries, WebhookSender sender, WebhookProperties properties, Clock clock,
			MeterRegistry meters) {
		this.deliveries = deliveries;
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
		this.delivered = outcome(meters, "delivered");
		this.retried = outcome(meters, "retry");
		this.failed = outcome(meters, "failed");
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("webhooks.attempts")
			.description("Webhook delivery attempts, by what came of them")
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::dispatch, this.properties.pollInterval());
	}

	void dispatch() {
		try {
			while (dispatchOnce() == this.properties.batch()) {
				// a full batch: more may be due
			}
		}
		catch (RuntimeException ex) {
			log.warn("Webhook dispatch failed, will retry: {}", ex.getMessage());
		}
	}

	/** Sends one batch of due deliveries; answers how many it claimed. */
	int dispatchOnce() {
		Instant now = this.clock.instant();
		List<WebhookDeliveries.Due> due = this.deliveries.claimDue(now, now.plus(this.properties.lease()),
				this.properties.batch());
		try (ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
			for (WebhookDeliveries.Due delivery : due) {
				sending.execute(() -> attempt(delivery));
			}
		}
		return due.size();
	}

	private void attempt(WebhookDeliveries.Due delivery) {
		WebhookSender.Outcome outcome = this.sender.send(delivery);
		int attempt = delivery.attempts() + 1;
		Instant retryAt = null;
		if (!outcome.delivered() && attempt < this.properties.maxAttempts()) {
			retryAt = this.clock.instant().plus(this.properties.retryDelays().get(attempt - 1));
		}
		boolean logged = this.deliveries.attempted(delivery.id(), new WebhookDeliveries.Attempt(attempt, outcome.at(),
				outcome.statusCode(), outcome.error(), outcome.durationMs()), outcome.delivered(), retryAt);
		if (!logged) {
			return;
		}
		if (outcome.delivered()) {
			this.delivered.increment();
		}
		else if (retryAt != null) {
			this.retried.increment();
		}
		else {
			this.failed.increment();
			log.warn("Webhook delivery {} ({}) failed for good after {} attempts: {}", delivery.id(),
					delivery.eventType(), attempt, outcome.error());
		}
	}

}
