package io.ticketbooking.orders;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends outbox publications again whose listener failed (for example the broker did not
 * confirm) or got stuck, without waiting for a restart. Running on every instance can
 * send one twice, which at-least-once consumers tolerate.
 */
@Component
class OutboxResubmitter {

	private static final Logger log = LoggerFactory.getLogger(OutboxResubmitter.class);

	private final FailedEventPublications failed;

	OutboxResubmitter(FailedEventPublications failed) {
		this.failed = failed;
	}

	@Scheduled(fixedDelayString = "${orders.outbox-resubmit-interval:30s}",
			initialDelayString = "${orders.outbox-resubmit-interval:30s}")
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
