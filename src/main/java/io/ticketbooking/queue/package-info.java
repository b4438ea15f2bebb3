/**
 * The waiting room: for a queued event, buyers join a line bound to their account; the
 * pre-queue is drawn in a fair, audited lottery at the opening; one admitter at a time
 * admits the line at the organizer's rate while stock can still be bought, and the gate
 * lets only admitted accounts reserve (docs/waiting-room.md).
 */
@Owns(tables = { "queue_draws" })
@ApplicationModule(displayName = "Waiting room")
package io.ticketbooking.queue;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
