/**
 * Orders: reservation, hold expiry, cancellation and idempotency.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Orders")
package io.ticketbooking.orders;
