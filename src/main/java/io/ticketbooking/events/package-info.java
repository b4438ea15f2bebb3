/**
 * Events with their ticket types, images and sale windows, and public browsing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Events")
package io.ticketbooking.events;
