package io.ticketbooking.payments;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.ticketbooking.shared.SignedPayloads;
import io.ticketbooking.support.StripeWebhooks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTests {

	static final long NOW = 1_790_000_000L;

	final WebhookSignature signature = new WebhookSignature("whsec_test", Duration.ofSeconds(300),
			Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

	final byte[] body = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void acceptsStripesSchemeWithinTheTolerance() {
		assertThatCode(() -> this.signature.verify(header(NOW), this.body)).doesNotThrowAnyException();
		assertThatCode(() -> this.signature.verify(header(NOW - 300), this.body)).doesNotThrowAnyException();
		assertThatCode(() -> this.signature.verify(SignedPayloads.header("whsec_test", NOW, this.body), this.body))
			.doesNotThrowAnyException();
	}

	@Test
	void acceptsWhenAnyOfSeveralSignaturesMatches() {
		String rotated = "t=" + NOW + ",v1=" + "00".repeat(32) + ",v0=abc,v1="
				+ StripeWebhooks.hmac("whsec_test", NOW, this.body);
		assertThatCode(() -> this.signature.verify(rotated, this.body)).doesNotThrowAnyException();
	}

	@Test
	void refusesMissingStaleFutureWrongAndAlteredSignatures() {
		refused(null, this.body);
		refused("", this.body);
		refused("garbage", this.body);
		refused("t=" + NOW, this.body);
		refused("t=abc,v1=" + StripeWebhooks.hmac("whsec_test", NOW, this.body), this.body);
		refused(header(NOW - 301), this.body);
		refused(header(NOW + 301), this.body);
		refused("t=" + NOW + ",v1=" + StripeWebhooks.hmac("other", NOW, this.body), this.body);
		refused("t=" + NOW + ",v1=zz" + "00".repeat(31), this.body);
		refused(header(NOW),
				"{\"id\":\"evt_2\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8));
		// the timestamp is part of what is signed
		refused("t=" + (NOW - 1) + ",v1=" + StripeWebhooks.hmac("whsec_test", NOW, this.body), this.body);
	}

	private String header(long timestamp) {
		return new StripeWebhooks("whsec_test").signature(this.body, timestamp);
	}

	private void refused(String header, byte[] body) {
		assertThatThrownBy(() -> this.signature.verify(header, body))
			.isInstanceOf(PaymentProblems.InvalidSignature.class);
	}

}
