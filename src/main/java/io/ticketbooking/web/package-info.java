/**
 * The browser front: pages and static assets served by the application, calling only the
 * public JSON API with the user's bearer tokens.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web front")
package io.ticketbooking.web;
