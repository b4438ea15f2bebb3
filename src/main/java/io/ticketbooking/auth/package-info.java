/**
 * Accounts: users, passwords, access and refresh tokens, roles and profiles.
 */
@Owns(tables = { "users", "refresh_tokens", "email_verifications" })
@ApplicationModule(displayName = "Auth")
package io.ticketbooking.auth;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
