package io.ticketbooking.shared;

import java.util.UUID;

/**
 * Who is asking: the user id of the verified access token ({@code sub}) and whether the
 * token carries the {@code ADMIN} role. A controller takes it as a parameter; the web
 * layer resolves it once per request from the authenticated token.
 *
 * @param id the acting user, never a field of the request body
 * @param admin whether the caller is an admin
 */
public record Caller(UUID id, boolean admin) {

	/** Whether the caller is {@code ownerId} or an admin. */
	public boolean isOwnerOrAdmin(UUID ownerId) {
		return ownerId.equals(this.id) || this.admin;
	}

}
