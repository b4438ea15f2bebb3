package io.ticketbooking.tickets;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param signingKey PKCS#8 PEM of the Ed25519 key that signs ticket QR payloads
 * ({@code TICKET_SIGNING_KEY}); blank means an ephemeral key (development only)
 * @param issueConsumers orders whose PDFs one instance prints at a time
 * ({@code TICKETS_ISSUE_CONSUMERS}): each takes at most one core while it renders, so
 * this bounds what printing takes from the sale on the same machine
 */
@Validated
@ConfigurationProperties("tickets")
record TicketsProperties(String signingKey, @Min(1) @Max(64) int issueConsumers) {
}
