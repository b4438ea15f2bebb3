/**
 * Cross-cutting web setup: the security filter chain, problem details, request ids and
 * the clock.
 */
@ApplicationModule(displayName = "Config")
package io.ticketbooking.config;

import org.springframework.modulith.ApplicationModule;
