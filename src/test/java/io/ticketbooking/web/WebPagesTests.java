package io.ticketbooking.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages and assets are served to anyone, under a same-origin CSP; the API's rules do
 * not move.
 */
@IntegrationTest
class WebPagesTests extends ApplicationFixture {

	static final List<String> PAGES = List.of("/", "/login", "/events/" + UUID.randomUUID(), "/orders",
			"/orders/" + UUID.randomUUID(), "/organizer", "/organizer/new", "/organizer/events/" + UUID.randomUUID(),
			"/scan");

	@Test
	void everyPageIsServedWithoutATokenUnderTheContentSecurityPolicy() {
		for (String page : PAGES) {
			Http.Response response = http().get(page).execute();
			assertThat(response.status()).as(page).isEqualTo(200);
			assertThat(response.contentType()).as(page).startsWith("text/html");
			assertThat(response.text()).as(page).contains("<script type=\"module\" src=\"/assets/pages/");
			String csp = response.header("Content-Security-Policy");
			assertThat(csp).startsWith("default-src 'self';")
				.contains("img-src 'self' http")
				.contains("object-src 'none'")
				.contains("frame-ancestors 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
		}
	}

	@Test
	void assetsAreServedAndCachedBriefly() {
		Http.Response script = http().get("/assets/api.js").execute();
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.contentType()).contains("javascript");
		assertThat(script.header("Cache-Control")).contains("max-age=300");
		assertThat(http().get("/assets/vendor/jsQR.js").execute().status()).isEqualTo(200);
		assertThat(http().get("/assets/app.css").execute().contentType()).startsWith("text/css");
		assertThat(http().get("/assets/missing.js").execute().status()).isEqualTo(404);
	}

	@Test
	void apiRulesAreUnchangedAndUnknownApiRoutesAreProblems() {
		assertThat(http().get("/api/v1/orders").execute().status()).isEqualTo(401);
		assertThat(http().post("/orders", "{}").execute().status()).isEqualTo(401);
		Http.Response unknown = http().get("/api/v1/no-such-route").bearer(accounts().create().token()).execute();
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.json().path("code").asString()).isEqualTo("NOT_FOUND");
		Http.Response malformed = http().get("/events/not-an-id").execute();
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).startsWith("application/problem+json");
	}

	@Test
	void pagesAndScriptsCarryNoInlineScriptOrStyle() throws IOException {
		Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|\\sstyle=|<style|\\son[a-z]+=|javascript:",
				Pattern.CASE_INSENSITIVE);
		Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:web/*.html");
		assertThat(files).hasSizeGreaterThanOrEqualTo(9);
		for (Resource file : files) {
			String html = file.getContentAsString(StandardCharsets.UTF_8);
			assertThat(inline.matcher(html).find()).as(file.getFilename()).isFalse();
			assertThat(html).as(file.getFilename()).doesNotContain("http://").doesNotContain("https://");
		}
	}

}
