/**
 * Stock: the Redis admission gate, its Lua scripts, inventory units in Postgres and
 * reconciliation.
 */
@Owns(tables = { "inventory_units", "inventory_gates", "gate_admissions", "gate_returns" })
@ApplicationModule(displayName = "Inventory")
package io.ticketbooking.inventory;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
