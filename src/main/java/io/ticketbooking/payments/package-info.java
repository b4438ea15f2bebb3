/**
 * Payments: the provider interface, the simulated provider and the signed webhook.
 */
@ApplicationModule(displayName = "Payments")
package io.ticketbooking.payments;

import org.springframework.modulith.ApplicationModule;
