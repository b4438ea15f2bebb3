/**
 * Outgoing webhooks: an organizer's endpoints, and every order confirmed, refund required
 * or ticket checked in of their events delivered to them, signed, retried with backoff,
 * each attempt logged.
 */
@Owns(tables = { "webhook_endpoints", "webhook_deliveries", "webhook_attempts" })
@ApplicationModule(displayName = "Webhooks")
package io.ticketbooking.webhooks;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
