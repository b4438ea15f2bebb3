package io.ticketbooking.config;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verified bearer token is not announced as an event (one per authenticated request,
 * and nothing listens); a refused one still is.
 */
@IntegrationTest
class AuthenticationEventsTests extends ApplicationFixture {

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void aRefusedTokenIsPublishedAndAVerifiedOneIsNot() {
		List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();
		ApplicationListener<AbstractAuthenticationEvent> listener = events::add;
		this.context.addApplicationListener(listener);
		try {
			String token = this.accessTokens.issue(UUID.randomUUID(), "events@example.com", List.of("CUSTOMER"))
				.value();
			String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
			assertThat(http().get("/api/v1/ping").bearer(token).execute().status()).isEqualTo(200);
			assertThat(http().get("/api/v1/ping").bearer(forged).execute().status()).isEqualTo(401);

			// other tests may run at once: only this test's forged token is looked for
			assertThat(events).filteredOn(AbstractAuthenticationFailureEvent.class::isInstance)
				.extracting((event) -> event.getAuthentication())
				.filteredOn(BearerTokenAuthenticationToken.class::isInstance)
				.extracting((authentication) -> ((BearerTokenAuthenticationToken) authentication).getToken())
				.contains(forged);
			assertThat(events).noneMatch(AuthenticationSuccessEvent.class::isInstance);
		}
		finally {
			this.context.removeApplicationListener(listener);
		}
	}

}
