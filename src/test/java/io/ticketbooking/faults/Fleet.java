package io.ticketbooking.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ticketbooking.support.EmbeddedInfrastructure;

/**
 * The instances of the packaged jar a suite runs, as separate processes, with the
 * embedded S3 they share (everything else is the machine's, named by the environment).
 */
final class Fleet implements AutoCloseable {

	final List<ServiceInstance> instances = new ArrayList<>();

	/** What every instance was started with (its keys among them). */
	final Map<String, String> environment;

	private final EmbeddedInfrastructure s3;

	private Fleet(EmbeddedInfrastructure s3, Map<String, String> environment) {
		this.s3 = s3;
		this.environment = environment;
	}

	/**
	 * Starts one instance per name with the suites' environment and holds of
	 * {@code holdTtl}, then waits until every one answers healthy.
	 */
	static Fleet start(List<String> names, Duration holdTtl, Path logDir, Duration healthyWithin) throws Exception {
		return start(names, holdTtl, logDir, healthyWithin, Map.of());
	}

	/** The same, with {@code settings} added to the environment. */
	static Fleet start(List<String> names, Duration holdTtl, Path logDir, Duration healthyWithin,
			Map<String, String> settings) throws Exception {
		Map<String, String> environment = Deployment.environment();
		environment.put("HOLD_TTL", holdTtl.toSeconds() + "s");
		environment.putAll(settings);
		Files.createDirectories(logDir);
		Fleet fleet = new Fleet(EmbeddedInfrastructure.start(null), environment);
		try {
			Path jar = Deployment.jar();
			List<String> arguments = Deployment.arguments(fleet.s3);
			for (String name : names) {
				ServiceInstance instance = new ServiceInstance(name, jar, environment, arguments, logDir);
				fleet.instances.add(instance);
				instance.start();
			}
			for (ServiceInstance instance : fleet.instances) {
				instance.awaitHealthy(healthyWithin);
			}
			return fleet;
		}
		catch (Exception ex) {
			fleet.close();
			throw ex;
		}
	}

	@Override
	public void close() throws InterruptedException {
		for (ServiceInstance instance : this.instances) {
			instance.stop();
		}
		this.s3.close();
	}

}
