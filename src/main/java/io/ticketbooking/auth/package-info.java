/**
 * Accounts: users, passwords, access and refresh tokens, roles and profiles.
 */
@ApplicationModule(displayName = "Auth")
package io.ticketbooking.auth;

import org.springframework.modulith.ApplicationModule;
