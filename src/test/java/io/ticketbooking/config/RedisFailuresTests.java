package io.ticketbooking.config;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.PartitionSelectorException;
import io.lettuce.core.internal.ExceptionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A Redis that is briefly unavailable (a failover, a lost link) is told from a mistake of
 * ours: the first is a 503 the client may retry, the second stays a 500. The replies are
 * made by Lettuce's own factory for error replies, as a server's answer would be.
 */
class RedisFailuresTests {

	@ParameterizedTest
	@ValueSource(strings = { "CLUSTERDOWN The cluster is down",
			"TRYAGAIN Multiple keys request during rehashing of slot", "MOVED 3999 127.0.0.1:7002",
			"ASK 3999 127.0.0.1:7002", "READONLY You can't write against a read only replica.",
			"MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
			"NOREPLICAS Not enough good replicas to write.", "LOADING Redis is loading the dataset in memory",
			"BUSY Redis is busy running a script." })
	void aClusterChangingHandsIsUnavailable(String reply) {
		RedisException failure = ExceptionFactory.createExecutionException(reply);

		assertThat(RedisFailures.unavailable(failure)).as(reply).isTrue();
		assertThat(RedisFailures.unavailable(new RedisSystemException("wrapped by a template", failure))).isTrue();
	}

	@Test
	void aLostLinkATimeoutAndAnUnknownSlotAreUnavailable() {
		assertThat(RedisFailures.unavailable(new RedisException("Connection closed"))).isTrue();
		assertThat(RedisFailures.unavailable(new RedisCommandTimeoutException("Command timed out after 2 second(s)")))
			.isTrue();
		assertThat(RedisFailures.unavailable(new RedisConnectionException("Unable to connect to 127.0.0.1:7001")))
			.isTrue();
		assertThat(RedisFailures
			.unavailable(new PartitionSelectorException("Cannot determine a partition for slot 42", null))).isTrue();
	}

	@Test
	void theAdviceAnswersAFailover503WithRetryAfterAndOurMistake500() {
		ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

		ResponseEntity<ProblemDetail> failover = advice
			.redisFailed(ExceptionFactory.createExecutionException("CLUSTERDOWN The cluster is down"));
		ResponseEntity<ProblemDetail> wrapped = advice
			.redisFailed(new RedisSystemException("wrapped", new RedisException("Connection closed")));
		ResponseEntity<ProblemDetail> mistake = advice.redisFailed(ExceptionFactory.createExecutionException(
				"ERR user_script:1: Script attempted to access " + "nonexistent global variable 'x'"));

		assertThat(failover.getStatusCode().value()).isEqualTo(503);
		assertThat(failover.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(failover.getBody().getProperties()).containsEntry("code", "SERVICE_UNAVAILABLE");
		assertThat(wrapped.getStatusCode().value()).isEqualTo(503);
		assertThat(mistake.getStatusCode().value()).isEqualTo(500);
		assertThat(mistake.getBody().getProperties()).containsEntry("code", "INTERNAL_ERROR");
	}

	@Test
	void aRealScriptErrorIsOurMistake() {
		RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost(System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"))
			.withPort(Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")))
			.withTimeout(Duration.ofSeconds(5))
			.build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisException failure = catchThrowableOfType(RedisException.class,
					() -> connection.sync()
						.eval("return redis.call('incr', KEYS[1], 'two')", ScriptOutputType.INTEGER,
								new String[] { "redis-failures-tests" }));

			assertThat(failure).isNotNull();
			assertThat(RedisFailures.unavailable(failure)).as(failure.getMessage()).isFalse();
			assertThat(RedisFailures.unavailable(new RedisSystemException("wrapped", failure))).isFalse();
			assertThat(RedisFailures.unavailable(new IllegalStateException("no Redis here"))).isFalse();
		}
		finally {
			client.shutdown();
		}
	}

}
