/**
 * Events with their ticket types, images and sale windows, and public browsing.
 */
@Owns(tables = { "events", "ticket_types", "event_queues", "presale_codes" })
@ApplicationModule(displayName = "Events")
package io.ticketbooking.events;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
