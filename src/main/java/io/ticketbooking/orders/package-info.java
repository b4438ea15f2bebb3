/**
 * Orders: reservation, hold expiry, cancellation and idempotency.
 */
@Owns(tables = { "orders", "order_lines", "waiting_list_entries" })
@ApplicationModule(displayName = "Orders")
package io.ticketbooking.orders;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
