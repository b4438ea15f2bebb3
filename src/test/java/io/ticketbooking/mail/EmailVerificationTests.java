package io.ticketbooking.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ticketbooking.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An address is confirmed by the link mailed at sign-up (docs/email.md), and a deployment
 * that asks for it (the test context does, {@code queue.require-verified-email}) lets
 * only confirmed accounts into waiting rooms. The link is read from the real SMTP
 * server's copy of the email.
 */
@IntegrationTest
class EmailVerificationTests extends ApplicationFixture {

	private static final Pattern LINK = Pattern.compile("http://localhost:8000/verify-email\\?token=([A-Za-z0-9_-]+)");

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void theLinkMailedAtSignUpConfirmsTheAddressAndOpensTheWaitingRoom() throws Exception {
		OnSale sale = queuedSale();
		String email = "verify-" + UUID.randomUUID() + "@test.example";
		AuthApi auth = new AuthApi(http());
		JsonNode registered = auth.register(email, PASSWORD, "Vera Fied").assertStatus(201).json();
		assertThat(registered.path("user").path("emailVerified").asBoolean()).isFalse();
		String token = registered.path("accessToken").asString();

		assertProblem(join(sale, token), 403, "EMAIL_NOT_VERIFIED");

		MimeMessage message = awaitMail(email, 1).getFirst();
		assertThat(message.getSubject()).isEqualTo("Confirm your email address");
		String body = GreenMailUtil.getBody(message);
		String link = token(body);
		assertThat(body).contains("Vera Fied");

		JsonNode profile = http().post("/api/v1/auth/verify-email", Map.of("token", link))
			.execute()
			.assertStatus(200)
			.json();
		assertThat(profile.path("email").asString()).isEqualTo(email);
		assertThat(profile.path("emailVerified").asBoolean()).isTrue();
		// the old token still says unverified; a new one (sign-in or refresh) says
		// verified
		assertProblem(join(sale, token), 403, "EMAIL_NOT_VERIFIED");
		String fresh = auth.login(email, PASSWORD).json().path("accessToken").asString();
		assertThat(join(sale, fresh).status()).isEqualTo(200);
		assertThat(http().get("/api/v1/users/me").bearer(fresh).execute().json().path("emailVerified").asBoolean())
			.isTrue();

		// a link works once
		assertProblem(http().post("/api/v1/auth/verify-email", Map.of("token", link)).execute(), 400,
				"INVALID_VERIFICATION_TOKEN");
		assertProblem(http().post("/api/v1/users/me/email-verification", "").bearer(fresh).execute(), 409,
				"EMAIL_ALREADY_VERIFIED");
	}

	@Test
	void aNewLinkOnRequestAtMostOnceAMinuteAndNoLinkOnceExpiredOrForgedOrForAnotherAddress() throws Exception {
		String email = "resend-" + UUID.randomUUID() + "@test.example";
		AuthApi auth = new AuthApi(http());
		JsonNode registered = auth.register(email, PASSWORD, "Re Send").assertStatus(201).json();
		String token = registered.path("accessToken").asString();
		awaitMail(email, 1);

		Http.Response again = http().post("/api/v1/users/me/email-verification", "").bearer(token).execute();
		assertThat(again.status()).isEqualTo(202);
		List<MimeMessage> both = awaitMail(email, 2);
		String first = token(GreenMailUtil.getBody(both.get(0)));
		String second = token(GreenMailUtil.getBody(both.get(1)));
		assertThat(first).isNotEqualTo(second);
		Http.Response tooSoon = http().post("/api/v1/users/me/email-verification", "").bearer(token).execute();
		assertProblem(tooSoon, 429, "RATE_LIMITED");
		assertThat(tooSoon.header("Retry-After")).isNotBlank();

		assertProblem(http().post("/api/v1/auth/verify-email", Map.of("token", "forged-" + first)).execute(), 400,
				"INVALID_VERIFICATION_TOKEN");
		assertProblem(http().post("/api/v1/auth/verify-email", Map.of("token", "")).execute(), 422,
				"VALIDATION_FAILED");
		// expired
		this.jdbc
			.sql("update email_verifications set expires_at = now() - interval '1 second' where user_id = "
					+ "(select id from users where email = :email)")
			.param("email", email)
			.update();
		assertProblem(http().post("/api/v1/auth/verify-email", Map.of("token", first)).execute(), 400,
				"INVALID_VERIFICATION_TOKEN");
		assertThat(profile(email).path("emailVerified").asBoolean()).isFalse();
		// for an address the account no longer has
		this.jdbc
			.sql("update email_verifications set expires_at = now() + interval '1 hour' where user_id = "
					+ "(select id from users where email = :email)")
			.param("email", email)
			.update();
		this.jdbc.sql("update users set email = :other where email = :email")
			.param("other", "moved-" + email)
			.param("email", email)
			.update();
		assertProblem(http().post("/api/v1/auth/verify-email", Map.of("token", second)).execute(), 400,
				"INVALID_VERIFICATION_TOKEN");
		assertThat(this.jdbc.sql("select email_verified_at is null from users where email = :email")
			.param("email", "moved-" + email)
			.query(Boolean.class)
			.single()).isTrue();
	}

	private JsonNode profile(String email) {
		return http().post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD))
			.execute()
			.assertStatus(200)
			.json()
			.path("user");
	}

	private OnSale queuedSale() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().create(organizer.id(), 20, 4, Instant.now().minus(Duration.ofMinutes(1)),
				Instant.now().plus(Duration.ofDays(1)));
		Map<String, Object> settings = new HashMap<>();
		settings.put("preQueueOpensAt", Instant.now().minus(Duration.ofHours(1)).toString());
		settings.put("ratePerMinute", 60);
		settings.put("admissionWindowSeconds", 600);
		http().put("/api/v1/events/" + sale.eventId() + "/queue/settings", settings)
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		return sale;
	}

	private Http.Response join(OnSale sale, String token) {
		return http().post("/api/v1/events/" + sale.eventId() + "/queue", Map.of()).bearer(token).execute();
	}

	private static String token(String body) {
		Matcher link = LINK.matcher(body.replace("=\r\n", "").replace("=3D", "="));
		assertThat(link.find()).as("a link in: " + body).isTrue();
		return link.group(1);
	}

	private List<MimeMessage> awaitMail(String email, int count) {
		GreenMail mail = EmbeddedInfrastructure.shared().mail();
		assertThat(mail).as("these tests read the embedded mail server: leave MAIL_HOST unset").isNotNull();
		MimeMessage[][] found = new MimeMessage[1][];
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			found[0] = Arrays.stream(mail.getReceivedMessages()).filter((m) -> {
				try {
					return Arrays.stream(m.getAllRecipients()).anyMatch((a) -> a.toString().contains(email));
				}
				catch (jakarta.mail.MessagingException ex) {
					return false;
				}
			}).toArray(MimeMessage[]::new);
			return found[0].length >= count;
		});
		return List.of(found[0]);
	}

}
