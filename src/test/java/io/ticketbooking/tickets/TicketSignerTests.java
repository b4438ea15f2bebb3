package io.ticketbooking.tickets;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TicketSignerTests {

	@Test
	void aKeyLoadedFromPemSignsWhatItsPublicKeyVerifies() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		TicketSigner signer = new TicketSigner(new TicketsProperties(pem(pair.getPrivate())));
		assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());

		UUID ticket = UUID.randomUUID();
		UUID event = UUID.randomUUID();
		String payload = signer.sign(ticket, event);
		TicketSigner sameKey = new TicketSigner(new TicketsProperties(pem(pair.getPrivate())));
		assertThat(sameKey.verify(payload)).isEqualTo(new TicketSigner.Verified(ticket, event));
		assertThat(payload).doesNotContain(ticket.toString()).startsWith("TB1.");
	}

	@Test
	void anEphemeralKeyRefusesPayloadsOfAnotherKey() {
		TicketSigner one = new TicketSigner(new TicketsProperties(""));
		TicketSigner other = new TicketSigner(new TicketsProperties(null));
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
