package io.ticketbooking.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Fixed arrival rates stepping up ({@code bench.rates}, default 1000,2000,5000,10000,15000 per
 * second, {@code bench.stepSeconds} each, after a warm-up of {@code bench.warmupSeconds} at
 * {@code bench.warmupRate} per second, the same whatever the target and strategy), against one
 * target:
 * {@code bench.target=reserve} (sold-out stock: the losers' path) or {@code noop} (the same
 * application's authenticated no-op endpoint, the framework floor). Each step is its own request
 * name, so the report has p50/p99/p99.9 per step.
 */
public class SustainedSimulation extends Simulation {

	private static final String TARGET = System.getProperty("bench.target", "reserve");

	private static final int STEP_SECONDS = Integer.getInteger("bench.stepSeconds", 20);

	private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 20);

	private static final int[] RATES = Arrays.stream(System.getProperty("bench.rates", "1000,2000,5000,10000,15000")
		.split(","))
		.mapToInt((r) -> Integer.parseInt(r.trim()))
		.toArray();

	/** The same for every strategy and target, so each measured step follows the same warm-up. */
	private static final int WARMUP_RATE = Integer.getInteger("bench.warmupRate", 500);

	HttpProtocolBuilder protocol = BenchRun.protocol();

	{
		List<PopulationBuilder> steps = new ArrayList<>();
		steps.add(step("warmup", WARMUP_RATE, WARMUP_SECONDS));
		for (int rate : RATES) {
			steps.add(step(TARGET + "@" + rate + "/s", rate, STEP_SECONDS));
		}
		PopulationBuilder chain = steps.get(0);
		for (int i = 1; i < steps.size(); i++) {
			chain = chain.andThen(steps.get(i));
		}
		setUp(chain).protocols(this.protocol);
	}

	private PopulationBuilder step(String name, int rate, int seconds) {
		ScenarioBuilder scenario = scenario(name).feed(csv(BenchRun.tokens()).circular()).exec(request(name));
		return scenario.injectOpen(constantUsersPerSec(rate).during(seconds));
	}

	private static HttpRequestActionBuilder request(String name) {
		if ("noop".equals(TARGET)) {
			return http(name).get("/api/v1/ping").header("Authorization", "Bearer #{token}").check(status().is(200));
		}
		return http(name).post("/api/v1/orders")
			.header("Authorization", "Bearer #{token}")
			.body(StringBody(BenchRun.reserveBody("sustained", "1")))
			.check(status().in(409, 429));
	}

}
