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
		properties = { "logging.structured.format.console=", "spring.main.banner-mode=off",
				"events.stream-heartbeat=1s" })
@ContextConfiguration(initializers = InfrastructureInitializer.class)
public @interface IntegrationTest {

}
