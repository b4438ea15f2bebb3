package io.ticketbooking.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port against real PostgreSQL, Redis, an AMQP broker
 * and S3. Every test class with this annotation shares one application context, so keep
 * extra configuration off it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.structured.format.console=", "spring.main.banner-mode=off", "live.heartbeat=1s",
				// no test here kills its instance, and on two busy cores a claim can wait
				// for
				// the CPU for seconds: a long lease keeps the claim's bound (half of it)
				// out of
				// the way of tests that are not about it (CrashMidClaimIT uses a short
				// one)
				"inventory.lease-ttl=30s",
				// webhook receivers of the tests listen on loopback; retries come quickly
				"webhooks.allow-private-network=true", "webhooks.retry-delays=1s,1s,1s", "webhooks.poll-interval=200ms",
				// a mail relay that is down is tried again soon
				"mail.first-retry=500ms", "mail.max-retry=2s", "mail.max-attempts=40",
				// refunds the provider refused are tried again soon; a lost webhook is
				// asked for again after 3 s
				"payments.refunds.retry-delays=500ms,500ms,500ms", "payments.refunds.poll-interval=200ms",
				"payments.refunds.confirm-timeout=3s",
				// as a deployment for ticket wars would set it; test accounts are
				// verified
				"queue.require-verified-email=true" })
@ContextConfiguration(initializers = InfrastructureInitializer.class)
public @interface IntegrationTest {

}
