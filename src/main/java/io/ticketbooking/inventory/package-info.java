/**
 * Stock: the Redis admission gate, its Lua scripts, inventory units in Postgres and
 * reconciliation.
 */
@ApplicationModule(displayName = "Inventory")
package io.ticketbooking.inventory;

import org.springframework.modulith.ApplicationModule;
