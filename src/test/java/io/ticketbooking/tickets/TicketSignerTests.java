package io.ticketbooking.tickets;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TicketSignerTests {

	@Test
	void aKeyLoadedFromPemSignsWhatItsPublicKeyVerifies() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		TicketSigner signer = new TicketSigner(new TicketsProperties(pem(pair.getPrivate()), 2));
		assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());

		UUID ticket = UUID.randomUUID();
		UUID event = UUID.randomUUID();
		String payload = signer.sign(ticket, event);
		TicketSigner sameKey = new TicketSigner(new TicketsProperties(pem(pair.getPrivate()), 2));
		assertThat(sameKey.verify(payload)).isEqualTo(new TicketSigner.Verified(ticket, event));
		assertThat(payload).doesNotContain(ticket.toString()).startsWith("TB1.");
	}

	@Test
	void aGateVerifiesThePayloadOfflineWithTheJdksEd25519AndThePublishedKey() throws Exception {
		TicketSigner signer = new TicketSigner(new TicketsProperties("", 2));
		String payload = signer.sign(UUID.randomUUID(), UUID.randomUUID());
		String signed = payload.substring(0, payload.lastIndexOf('.'));
		byte[] signature = Base64.getUrlDecoder().decode(payload.substring(payload.lastIndexOf('.') + 1));
		// what a gate does with /api/v1/events/{id}/checkin-key: an X.509 key, the JDK's
		// own
		// Ed25519
		PublicKey published = KeyFactory.getInstance("Ed25519")
			.generatePublic(new X509EncodedKeySpec(signer.publicKey().getEncoded()));
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(published);
		verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
		assertThat(verifier.verify(signature)).isTrue();
		verifier.initVerify(published);
		verifier.update((signed + "x").getBytes(StandardCharsets.US_ASCII));
		assertThat(verifier.verify(signature)).isFalse();
	}

	@Test
	void anEphemeralKeyRefusesPayloadsOfAnotherKey() {
		TicketSigner one = new TicketSigner(new TicketsProperties("", 2));
		TicketSigner other = new TicketSigner(new TicketsProperties(null, 2));
		String payload = one.sign(UUID.randomUUID(), UUID.randomUUID());
		assertThatExceptionOfType(InvalidTicket.class).isThrownBy(() -> other.verify(payload));
		assertThatExceptionOfType(InvalidTicket.class).isThrownBy(() -> one.verify(payload + "x"));
		assertThatExceptionOfType(InvalidTicket.class).isThrownBy(() -> one.verify("TB1.a.b.c"));
	}

	@Test
	void codesUseAnUnambiguousAlphabet() {
		for (int i = 0; i < 1000; i++) {
			assertThat(TicketCodes.next()).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
		}
	}

	static String pem(PrivateKey key) {
		return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
	}

}
