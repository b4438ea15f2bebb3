/**
 * Accounts: users, passwords, access and refresh tokens, roles and profiles.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Auth")
package io.ticketbooking.auth;
