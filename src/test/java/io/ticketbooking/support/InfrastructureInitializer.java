package io.ticketbooking.support;

import java.util.HashMap;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test application context at the shared embedded stack (or at external
 * services).
 */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		var properties = new HashMap<String, Object>(EmbeddedInfrastructure.shared().properties());
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("embedded-infrastructure", properties));
	}

}
