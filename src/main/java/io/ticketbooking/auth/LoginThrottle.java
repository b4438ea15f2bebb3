package io.ticketbooking.auth;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.ticketbooking.config.RateLimits;

import org.springframework.stereotype.Component;

/**
 * Failed sign-ins are counted per account and per client address in Redis (shared by
 * every instance). While either bucket is empty, every attempt is refused with 429 before
 * the password is checked, whether or not the account exists.
 */
@Component
class LoginThrottle {

	private final RateLimits rateLimits;

	private final BucketConfiguration perAccount;

	private final BucketConfiguration perAddress;

	LoginThrottle(RateLimits rateLimits, AuthProperties properties) {
		this.rateLimits = rateLimits;
		AuthProperties.LoginThrottle throttle = properties.loginThrottle();
		this.perAccount = RateLimits.perPeriod(throttle.failuresPerAccount(), throttle.period());
		this.perAddress = RateLimits.perPeriod(throttle.failuresPerAddress(), throttle.period());
	}

	void checkAllowed(String email, String address) {
		check(account(email));
		check(address(address));
	}

	void failed(String email, String address) {
		account(email).tryConsume(1);
		address(address).tryConsume(1);
	}

	private static void check(BucketProxy bucket) {
		EstimationProbe probe = bucket.estimateAbilityToConsume(1);
		if (!probe.canBeConsumed()) {
			throw new AuthProblems.TooManyAttempts(RateLimits.retryAfterSeconds(probe.getNanosToWaitForRefill()));
		}
	}

	private BucketProxy account(String email) {
		return this.rateLimits.bucket("tb:rl:login:account:" + email, this.perAccount);
	}

	private BucketProxy address(String address) {
		return this.rateLimits.bucket("tb:rl:login:address:" + address, this.perAddress);
	}

}
