package io.ticketbooking.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Every module's settings record, bound from {@code application.yml} and the environment
 * variables of docs/configuration.md as the application binds them: the defaults are
 * valid, a variable reaches its property, and a value out of range or unreadable stops
 * the start naming the property.
 */
class SettingsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(AllSettings.class);

	@Configuration(proxyBeanMethods = false)
	@ConfigurationPropertiesScan("io.ticketbooking")
	static class AllSettings {

	}

	@Test
	void theDefaultsAreValid() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			Binder binder = Binder.get(context.getEnvironment());
			assertThat(binder.bind("orders.sweep-interval", Duration.class).get()).isEqualTo(Duration.ofSeconds(1));
			assertThat(binder.bind("orders.outbox-resubmit-interval", Duration.class).get())
				.isEqualTo(Duration.ofSeconds(30));
			assertThat(binder.bind("live.interval", Duration.class).get()).isEqualTo(Duration.ofMillis(100));
			assertThat(binder.bind("inventory.loss-check-interval", Duration.class).get())
				.isEqualTo(Duration.ofSeconds(2));
			assertThat(binder.bind("inventory.reaper-interval", Duration.class).get()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@ParameterizedTest
	@CsvSource({ "HOLD_SWEEP_INTERVAL, orders.sweep-interval",
			"OUTBOX_RESUBMIT_INTERVAL, orders.outbox-resubmit-interval", "AVAILABILITY_STREAM_INTERVAL, live.interval",
			"INVENTORY_LOSS_CHECK_INTERVAL, inventory.loss-check-interval",
			"INVENTORY_REAPER_INTERVAL, inventory.reaper-interval" })
	void anIntervalComesFromItsVariable(String variable, String property) {
		this.runner.withPropertyValues(variable + "=3s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(Binder.get(context.getEnvironment()).bind(property, Duration.class).get())
				.isEqualTo(Duration.ofSeconds(3));
		});
	}

	@ParameterizedTest
	@CsvSource({ "HOLD_SWEEP_INTERVAL, orders, sweepInterval",
			"OUTBOX_RESUBMIT_INTERVAL, orders, outboxResubmitInterval", "AVAILABILITY_STREAM_INTERVAL, live, interval",
			"INVENTORY_LOSS_CHECK_INTERVAL, inventory, lossCheckInterval",
			"INVENTORY_REAPER_INTERVAL, inventory, reaperInterval" })
	void anIntervalOfZeroStopsTheStart(String variable, String prefix, String field) {
		this.runner.withPropertyValues(variable + "=0s").run((context) -> {
			assertThat(context).hasFailed();
			BindValidationException invalid = cause(context.getStartupFailure(), BindValidationException.class);
			assertThat(invalid.getValidationErrors().getName()).hasToString(prefix);
			assertThat(invalid.getValidationErrors().getAllErrors()).singleElement()
				.isInstanceOfSatisfying(FieldError.class, (error) -> {
					assertThat(error.getField()).isEqualTo(field);
					assertThat(error.getDefaultMessage()).isEqualTo("must be longer than or equal to 1 milli");
				});
		});
	}

	@Test
	void anUnreadableIntervalStopsTheStartNamingTheProperty() {
		this.runner.withPropertyValues("HOLD_SWEEP_INTERVAL=soon").run((context) -> {
			assertThat(context).hasFailed();
			BindException unreadable = cause(context.getStartupFailure(), BindException.class);
			assertThat(unreadable.getProperty().getName()).hasToString("orders.sweep-interval");
			assertThat(unreadable).rootCause().hasMessageContaining("soon");
		});
	}

	@Test
	void aSingleRedisIsTheDefaultAndClusterNodesComeFromTheirVariable() {
		this.runner.run((context) -> assertThat(context.getBean(RedisProperties.class).cluster()).isNull());
		this.runner.withPropertyValues("REDIS_CLUSTER_NODES=10.0.0.1:7000, redis-2:7001,").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RedisProperties.class).cluster().getNodes()).extracting("host", "port")
				.containsExactly(tuple("10.0.0.1", 7000), tuple("redis-2", 7001));
		});
	}

	@Test
	void aClusterNodeWithoutPortStopsTheStartNamingTheSetting() {
		this.runner.withPropertyValues("REDIS_CLUSTER_NODES=redis-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("redis.cluster-nodes")
				.hasMessageContaining("redis-1");
		});
	}

	private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
	}

}
