/**
 * Payments: the provider interface, the simulated provider and the signed webhook.
 */
@Owns(tables = { "payments", "payment_webhook_events", "refunds" })
@ApplicationModule(displayName = "Payments")
package io.ticketbooking.payments;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
