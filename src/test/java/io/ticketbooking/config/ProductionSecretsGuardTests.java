package io.ticketbooking.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProductionSecretsGuardTests {

	@Test
	void refusesDefaultSecrets() {
		MockEnvironment environment = strong().withProperty("payments.webhook-secret", "dev-only-webhook-secret");
		assertThatIllegalStateException().isThrownBy(() -> ProductionSecretsGuard.check(environment))
			.withMessageContaining("payments.webhook-secret");
	}

	@Test
	void refusesMissingSecrets() {
		MockEnvironment environment = strong();
		environment.setProperty("auth.private-key", "");
		assertThatIllegalStateException().isThrownBy(() -> ProductionSecretsGuard.check(environment))
			.withMessageContaining("auth.private-key");
	}

	@Test
	void acceptsRealSecrets() {
		assertThatCode(() -> ProductionSecretsGuard.check(strong())).doesNotThrowAnyException();
	}

	private static MockEnvironment strong() {
		MockEnvironment environment = new MockEnvironment();
		ProductionSecretsGuard.SECRETS.forEach((name) -> environment.setProperty(name, "s3cr3t-" + name.hashCode()));
		return environment;
	}

}
