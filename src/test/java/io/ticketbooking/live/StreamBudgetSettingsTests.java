package io.ticketbooking.live;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream budget and the connector's limit are set together: the budget plus the
 * headroom kept for requests must fit in the limit, or the instance does not start.
 */
class StreamBudgetSettingsTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LiveProperties.class)
	@Import(LiveStreams.class)
	static class Budget {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		MeterRegistry meters() {
			return new SimpleMeterRegistry();
		}

		@Bean
		JsonMapper json() {
			return JsonMapper.builder().build();
		}

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Budget.class);

	@Test
	void theDefaultBudgetFitsTheDefaultConnectorWithItsHeadroom() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LiveProperties.class).maxStreams()).isEqualTo(10_000);
			assertThat(context.getBean(LiveProperties.class).requestHeadroom()).isEqualTo(2_000);
			assertThat(context.getEnvironment().getProperty("server.tomcat.max-connections", Integer.class))
				.isEqualTo(12_500);
		});
	}

	@Test
	void aBudgetThatLeavesRequestsTooFewConnectionsStopsTheStart() {
		this.runner.withPropertyValues("SERVER_MAX_CONNECTIONS=8192").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("AVAILABILITY_STREAM_MAX_SUBSCRIBERS=10000")
				.hasMessageContaining("STREAM_REQUEST_HEADROOM=2000")
				.hasMessageContaining("SERVER_MAX_CONNECTIONS=8192");
		});
	}

}
