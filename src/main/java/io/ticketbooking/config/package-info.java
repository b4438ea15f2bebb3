/**
 * Cross-cutting web setup: the security filter chain, problem details, request ids and
 * the clock.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Config")
package io.ticketbooking.config;
