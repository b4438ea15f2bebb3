package io.ticketbooking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TicketBookingApplication {

	/** The JDK's own property for the number of carrier threads of virtual threads. */
	static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

	public static void main(String[] args) {
		useTwoCarriersPerCore();
		SpringApplication.run(TicketBookingApplication.class, args);
	}

	/**
	 * Requests run on virtual threads, and by default the JDK gives them one carrier
	 * thread per core. Under saturation, with the cores shared with PostgreSQL, Redis and
	 * the rest, a carrier the operating system parks holds up every request queued on it:
	 * measured on two cores, the refused reservation's p99 was 33 ms with two carriers
	 * and 15 ms with four, at the same throughput (docs/benchmarks.md). Set before the
	 * first virtual thread exists; an explicit
	 * {@code -Djdk.virtualThreadScheduler.parallelism} wins.
	 */
	static void useTwoCarriersPerCore() {
		if (System.getProperty(CARRIERS) == null) {
			System.setProperty(CARRIERS, Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
		}
	}

}
