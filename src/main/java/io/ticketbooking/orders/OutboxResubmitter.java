package io.ticketbooking.orders;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sends outbox publications again whose listener failed (for example the broker did not
 * confirm) or got stuck, without waiting for a restart. Running on every instance can
 * send one twice, which at-least-once consumers tolerate. Runs every
 * {@code orders.outbox-resubmit-interval} ({@code OUTBOX_RESUBMIT_INTERVAL}), the first
 * time one interval after the start.
 */
@Component
class OutboxResubmitter implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(OutboxResubmitter.class);

	private final FailedEventPublications failed;

	private final OrdersProperties properties;

	OutboxResubmitter(FailedEventPublications failed, OrdersProperties properties) {
		this.failed = failed;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		Duration interval = this.properties.outboxResubmitInterval();
		tasks.addFixedDelayTask(new FixedDelayTask(this::resubmit, interval, interval));
	}

	void resubmit() {
		resubmit(Duration.ofSeconds(5));
	}

	void resubmit(Duration minAge) {
		try {
			this.failed.resubmit(ResubmissionOptions.defaults().withMinAge(minAge).withBatchSize(100));
		}
		catch (RuntimeException ex) {
			log.warn("Outbox resubmission failed, will retry: {}", ex.getMessage());
		}
	}

}
