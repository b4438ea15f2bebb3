/**
 * Events with their ticket types, images and sale windows, and public browsing.
 */
@ApplicationModule(displayName = "Events")
package io.ticketbooking.events;

import org.springframework.modulith.ApplicationModule;
