package io.ticketbooking.config;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.ticketbooking.shared.Caller;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PingController {

	@Operation(summary = "Liveness of the HTTP layer alone", tags = "health")
	@GetMapping(path = "/ping", produces = MediaType.TEXT_PLAIN_VALUE)
	String ping() {
		return "pong";
	}

	/**
	 * The same with a verified access token and nothing else: the floor the reserve path
	 * is measured against (docs/benchmarks.md).
	 */
	@Operation(summary = "Authenticated no-op: token check and nothing else", tags = "health")
	@GetMapping(path = "/api/v1/ping", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> authenticatedPing(Caller caller) {
		return Map.of("pong", caller.id().toString());
	}

}
