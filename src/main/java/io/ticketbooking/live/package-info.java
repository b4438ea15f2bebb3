/**
 * Live streams to open pages: one Server-Sent Events connection per page, carrying the
 * topics the page follows (an event's availability; a waiting room's position), each
 * pushed only when it changed. An instance serves a budget of streams below its
 * connector's connection limit, so watchers never take the connections that buying needs.
 */
@ApplicationModule(displayName = "Live streams")
package io.ticketbooking.live;

import org.springframework.modulith.ApplicationModule;
