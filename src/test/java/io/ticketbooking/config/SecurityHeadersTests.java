package io.ticketbooking.config;

import java.time.Duration;
import java.util.List;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Browsers get hardening headers; cross-origin calls only from the allow-list. */
@IntegrationTest
class SecurityHeadersTests extends ApplicationFixture {

	@Test
	void everyResponseCarriesHardeningHeaders() {
		Http.Response response = http().get("/ping").execute();
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'");
		assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(response.header("Cache-Control")).contains("no-store");
	}

	@Test
	void refusesCrossOriginCallsByDefault() {
		Http.Response preflight = http().send("OPTIONS", "/api/v1/orders", "text/plain", new byte[0])
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.execute();
		// whatever the status, without Access-Control-Allow-Origin a browser refuses the
		// call
		assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void allowsOnlyConfiguredOrigins() {
		var source = SecurityConfig
			.corsSource(new WebProperties(DataSize.ofMegabytes(1), List.of(" https://shop.example ", ""), List.of()));
		MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/api/v1/orders");
		var cors = source.getCorsConfiguration(request);
		assertThat(cors).isNotNull();
		assertThat(cors.checkOrigin("https://shop.example")).isEqualTo("https://shop.example");
		assertThat(cors.checkOrigin("https://evil.example")).isNull();
		assertThat(cors.getMaxAge()).isEqualTo(Duration.ofHours(1).toSeconds());
	}

}
