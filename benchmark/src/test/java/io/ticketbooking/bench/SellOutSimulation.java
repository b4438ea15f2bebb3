package io.ticketbooking.bench;

import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The ticket war: {@code bench.buyers} buyers (default 100,000) arrive within
 * {@code bench.arrivalSeconds} (default 10), open model, each asking for 1 or 2 tickets once.
 */
public class SellOutSimulation extends Simulation {

	private static final int BUYERS = Integer.getInteger("bench.buyers", 100_000);

	private static final int ARRIVAL_SECONDS = Integer.getInteger("bench.arrivalSeconds", 10);

	HttpProtocolBuilder protocol = BenchRun.protocol();

	ScenarioBuilder buyers = scenario("sell-out").feed(csv(BenchRun.tokens()).queue())
		.exec((session) -> session.set("quantity", 1 + ThreadLocalRandom.current().nextInt(2)))
		.exec(http("reserve").post("/api/v1/orders")
			.header("Authorization", "Bearer #{token}")
			.body(StringBody(BenchRun.reserveBody("sellout", "#{quantity}")))
			.check(status().in(201, 409, 429)));

	{
		setUp(this.buyers.injectOpen(rampUsers(BUYERS).during(ARRIVAL_SECONDS))).protocols(this.protocol);
	}

}
