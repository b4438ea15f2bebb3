package io.ticketbooking.auth;

import java.util.UUID;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Avatars: real images only, stored in S3, fetchable by URL, replaced cleanly. */
@IntegrationTest
class AvatarTests extends ApplicationFixture {

	@Test
	void aPngIsStoredAndFetchableAndReplacingDeletesTheOld() throws Exception {
		String token = register();
		byte[] first = Images.png(32, 32);
		Http.Response uploaded = upload(token, Images.multipart("file", "me.png", "image/png", first));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
		String firstUrl = uploaded.json().path("avatarUrl").asString();
		assertThat(Http.fetch(firstUrl).bytes()).isEqualTo(first);

		byte[] second = Images.png(40, 20);
		String secondUrl = upload(token, Images.multipart("file", "me2.png", "image/png", second)).json()
			.path("avatarUrl")
			.asString();
		assertThat(Http.fetch(secondUrl).bytes()).isEqualTo(second);
		assertThat(Http.fetch(firstUrl).status()).as("the old object was deleted").isEqualTo(404);
		assertThat(http().get("/api/v1/users/me").bearer(token).execute().json().path("avatarUrl").asString())
			.contains("avatars/");
	}

	@Test
	void rejectsWhatIsNotAnAcceptableImageAndStoresNothing() {
		String token = register();
		assertProblem(
				upload(token, Images.multipart("file", "me.png", "image/png", "plain text, not a PNG".getBytes())), 415,
				"UNSUPPORTED_IMAGE");
		byte[] big = new byte[6 * 1024 * 1024];
		System.arraycopy(Images.png(4, 4), 0, big, 0, 8);
		assertProblem(upload(token, Images.multipart("file", "big.png", "image/png", big)), 413, "PAYLOAD_TOO_LARGE");
		assertProblem(upload(token, Images.multipart("file", "empty.png", "image/png", new byte[0])), 415,
				"UNSUPPORTED_IMAGE");
		assertProblem(upload(token, Images.multipart("photo", "me.png", "image/png", Images.png(4, 4))), 400,
				"MISSING_PART");
		assertThat(http().get("/api/v1/users/me").bearer(token).execute().json().path("avatarUrl").isNull()).isTrue();
	}

	private String register() {
		return new AuthApi(http())
			.register("avatar-" + UUID.randomUUID() + "@example.com", "correct horse battery", "Avatar Person")
			.json()
			.path("accessToken")
			.asString();
	}

	private Http.Response upload(String token, Images.Multipart multipart) {
		return http().send("PUT", "/api/v1/users/me/avatar", multipart.contentType(), multipart.body())
			.bearer(token)
			.execute();
	}

	private static void assertProblem(Http.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

}
