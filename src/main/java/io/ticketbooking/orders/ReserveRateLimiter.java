package io.ticketbooking.orders;

import java.util.UUID;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.ticketbooking.config.RateLimits;

import org.springframework.stereotype.Component;

/** Per-user token bucket on the reserve route, shared by every instance through Redis. */
@Component
class ReserveRateLimiter {

	private final RateLimits rateLimits;

	private final BucketConfiguration configuration;

	ReserveRateLimiter(RateLimits rateLimits, OrdersProperties properties) {
		this.rateLimits = rateLimits;
		this.configuration = RateLimits.perPeriod(properties.rateLimit().capacity(), properties.rateLimit().period());
	}

	/** Takes one attempt from the user's bucket, or throws with the time to wait. */
	void check(UUID userId) {
		ConsumptionProbe probe = this.rateLimits.bucket("tb:rl:reserve:" + userId, this.configuration)
			.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new OrderProblems.TooManyReservations(RateLimits.retryAfterSeconds(probe.getNanosToWaitForRefill()));
		}
	}

}
