package io.ticketbooking.webhooks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an organizer's URL may point at. */
class DestinationsTests {

	private final Destinations production = new Destinations(false);

	@Test
	void privateLoopbackAndLinkLocalAddressesAreRefusedUnlessAllowed() {
		for (String url : List.of("http://127.0.0.1:8000/actuator/prometheus", "http://localhost/", "http://10.1.2.3/",
				"http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
				"http://0.0.0.0/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/")) {
			assertThat(this.production.unreachable(url)).as(url).isPresent();
			assertThat(new Destinations(true).unreachable(url)).as(url).isEmpty();
		}
		assertThat(this.production.unreachable("https://93.184.216.34/hook")).isEmpty();
		assertThat(this.production.unreachable("https://does-not-resolve.invalid/hook")).get()
			.asString()
			.contains("does not resolve");
	}

	@Test
	void anEndpointIsAnAbsoluteHttpUrlWithAHostAndNoCredentials() {
		assertThat(this.production.refusal("https://hooks.example.com/tickets?x=1")).isEmpty();
		assertThat(this.production.refusal("http://hooks.example.com:8080/")).isEmpty();
		for (String url : List.of("ftp://hooks.example.com/", "hooks.example.com/x", "/x", "https:///x",
				"https://u:p@hooks.example.com/", "javascript:alert(1)", "https://bad host/",
				"https://hooks.example.com/" + "x".repeat(Destinations.MAX_URL_LENGTH))) {
			assertThat(this.production.refusal(url)).as(url).isPresent();
		}
	}

}
