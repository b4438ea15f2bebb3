package io.ticketbooking.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Shows as the {@code s3} health component: UP when the bucket answers a HEAD. */
@Component("s3")
class S3HealthIndicator extends AbstractHealthIndicator {

	private final ObjectStorage storage;

	S3HealthIndicator(ObjectStorage storage) {
		super("Object storage is not reachable");
		this.storage = storage;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.storage.checkReachable();
		builder.up();
	}

}
