/**
 * Stock: the Redis admission gate, its Lua scripts, inventory units in Postgres and
 * reconciliation.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inventory")
package io.ticketbooking.inventory;
