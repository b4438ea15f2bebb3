/**
 * The browser front: pages and static assets served by the application, calling only the
 * public JSON API with the user's bearer tokens.
 */
@ApplicationModule(displayName = "Web front")
package io.ticketbooking.web;

import org.springframework.modulith.ApplicationModule;
