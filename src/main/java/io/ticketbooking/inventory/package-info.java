/**
 * Stock: the Redis admission gate, its Lua scripts, inventory units in Postgres and
 * reconciliation.
 */
@Owns(tables = { "inventory_units", "inventory_gates", "gate_admissions", "gate_returns", "presale_code_slots" })
@ApplicationModule(displayName = "Inventory")
package io.ticketbooking.inventory;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
