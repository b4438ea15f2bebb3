/**
 * Payments: the provider interface, the simulated provider and the signed webhook.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payments")
package io.ticketbooking.payments;
