package io.ticketbooking.tickets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param signingKey PKCS#8 PEM of the Ed25519 key that signs ticket QR payloads
 * ({@code TICKET_SIGNING_KEY}); blank means an ephemeral key (development only)
 */
@Validated
@ConfigurationProperties("tickets")
record TicketsProperties(String signingKey) {
}
