package io.ticketbooking.auth;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Access tokens that were tampered with, expired, or signed by anyone else are refused.
 */
@IntegrationTest
class TokenRejectionTests extends ApplicationFixture {

	@Autowired
	SigningKeys keys;

	@Test
	void aTamperedTokenIsRefused() {
		String token = this.accessTokens.issue(UUID.randomUUID(), "a@example.com", List.of("CUSTOMER")).value();
		String[] parts = token.split("\\.");
		String forgedClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					new String(Base64.getUrlDecoder().decode(parts[1])).replace("CUSTOMER", "ADMIN").getBytes());
		assertUnauthorized(parts[0] + "." + forgedClaims + "." + parts[2]);
	}

	@Test
	void anExpiredTokenIsRefused() throws Exception {
		Instant past = Instant.now().minus(Duration.ofHours(1));
		assertUnauthorized(
				sign(this.keys.jwk().toRSAPrivateKey(), "ticket-booking", past.minus(Duration.ofMinutes(15)), past));
	}

	@Test
	void aTokenFromAnotherKeyOrAlgorithmIsRefused() throws Exception {
		var generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		RSAPrivateKey other = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
		Instant now = Instant.now();
		assertUnauthorized(sign(other, "ticket-booking", now, now.plus(Duration.ofMinutes(5))));

		SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				claims("ticket-booking", now, now.plus(Duration.ofMinutes(5))));
		hmac.sign(new MACSigner(new byte[32]));
		assertUnauthorized(hmac.serialize());
		assertUnauthorized(
				sign(this.keys.jwk().toRSAPrivateKey(), "someone-else", now, now.plus(Duration.ofMinutes(5))));
	}

	@Test
	void aValidTokenOfAnAccountThatDoesNotExistIsRefusedAndTakesNoTicket() {
		TestAccounts.Account organizer = accounts().create("ORGANIZER");
		JsonNode event = new EventsApi(http()).create(organizer.token(), EventRequests.valid("Ghost buyers")).json();
		String eventId = event.path("id").asString();
		String vip = event.path("ticketTypes").path(0).path("id").asString();
		// signed with the application's own key, for an account no row holds (deleted, or
		// a
		// database restored from before it existed)
		String ghost = this.accessTokens.issue(UUID.randomUUID(), "ghost@example.com", List.of("CUSTOMER")).value();

		Http.Response refused = new OrdersApi(http()).reserve(ghost, eventId, vip, 2).execute();
		assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
		assertThat(refused.json().path("code").asString()).isEqualTo("UNAUTHORIZED");
		// the units the gate let through went back: all 50 are on sale again
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(http().get("/api/v1/events/" + eventId + "/availability")
				.execute()
				.json()
				.path("ticketTypes")
				.path(0)
				.path("available")
				.asInt()).isEqualTo(50));
		assertThat(this.jdbc.sql("select count(*) from orders where ticket_type_id = :vip::uuid")
			.param("vip", vip)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aCustomerCallingAnAdminRouteIsForbidden() {
		TestAccounts.Account customer = accounts().create();
		Http.Response response = http()
			.post("/api/v1/admin/users/" + customer.id() + "/roles", Map.of("roles", List.of("ADMIN")))
			.bearer(customer.token())
			.execute();
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().path("code").asString()).isEqualTo("FORBIDDEN");
	}

	private void assertUnauthorized(String token) {
		Http.Response response = http().get("/api/v1/users/me").bearer(token).execute();
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.json().path("code").asString()).isEqualTo("UNAUTHORIZED");
	}

	private static String sign(RSAPrivateKey key, String issuer, Instant issued, Instant expires) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(issuer, issued, expires));
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static JWTClaimsSet claims(String issuer, Instant issued, Instant expires) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(UUID.randomUUID().toString())
			.issueTime(Date.from(issued))
			.expirationTime(Date.from(expires))
			.claim("roles", List.of("ADMIN"))
			.build();
	}

}
