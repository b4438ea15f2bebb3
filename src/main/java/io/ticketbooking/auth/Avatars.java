package io.ticketbooking.auth;

import java.util.UUID;

import io.ticketbooking.storage.ImageContent;
import io.ticketbooking.storage.ObjectStorage;

import org.springframework.stereotype.Component;

/**
 * Avatars live in S3 under a key we choose. The new object is stored before the profile
 * points at it, and the old one is deleted after, so a failure never leaves a profile
 * without a picture.
 */
@Component
class Avatars {

	private final UserRepository users;

	private final ObjectStorage storage;

	Avatars(UserRepository users, ObjectStorage storage) {
		this.users = users;
		this.storage = storage;
	}

	void replace(UUID userId, byte[] bytes) {
		ImageContent image = ImageContent.inspect(bytes);
		String key = "avatars/" + userId + "/" + UUID.randomUUID() + "." + image.extension();
		this.storage.put(key, bytes, image.mediaType());
		String previous;
		try {
			previous = this.users.replaceAvatar(userId, key).orElse(null);
		}
		catch (RuntimeException ex) {
			this.storage.delete(key);
			throw ex;
		}
		if (previous != null) {
			this.storage.delete(previous);
		}
	}

}
