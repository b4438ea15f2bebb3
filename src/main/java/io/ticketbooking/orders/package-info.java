/**
 * Orders: reservation, hold expiry, cancellation and idempotency.
 */
@ApplicationModule(displayName = "Orders")
package io.ticketbooking.orders;

import org.springframework.modulith.ApplicationModule;
