package io.ticketbooking.auth;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;
import io.ticketbooking.storage.ObjectStorage;

import org.springframework.stereotype.Service;

/** Sign-up, sign-in, refresh and sign-out; each success answers a fresh token pair. */
@Service
class AuthService {

	private final UserRepository users;

	private final Passwords passwords;

	private final RefreshTokens refreshTokens;

	private final AccessTokens accessTokens;

	private final LoginThrottle throttle;

	private final ObjectStorage storage;

	private final Clock clock;

	private final EmailVerifications verifications;

	AuthService(UserRepository users, Passwords passwords, RefreshTokens refreshTokens, AccessTokens accessTokens,
			LoginThrottle throttle, ObjectStorage storage, Clock clock, EmailVerifications verifications) {
		this.verifications = verifications;
		this.users = users;
		this.passwords = passwords;
		this.refreshTokens = refreshTokens;
		this.accessTokens = accessTokens;
		this.throttle = throttle;
		this.storage = storage;
		this.clock = clock;
	}

	/**
	 * @param emailVerified whether the address was confirmed by the link sent to it
	 */
	record Profile(UUID id, String email, String fullName, List<String> roles, URI avatarUrl, boolean emailVerified) {
	}

	record Session(Profile user, String accessToken, String refreshToken, long expiresIn) {

		/** What DEBUG logging of the response shows: the tokens stay out of it. */
		@Override
		public String toString() {
			return "Session[user=" + this.user + ", accessToken=[PROTECTED], refreshToken=[PROTECTED], expiresIn="
					+ this.expiresIn + "]";
		}

	}

	static String normalise(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	Session register(String email, String password, String fullName) {
		if (Passwords.tooLong(password)) {
			throw InvalidFields.of("password", "must be at most " + Passwords.MAX_BYTES + " bytes (UTF-8)");
		}
		if (this.passwords.tooCommon(password)) {
			throw InvalidFields.of("password", "is too common; choose another");
		}
		User user = new User(UUID.randomUUID(), normalise(email), this.passwords.hash(password), fullName.trim(),
				List.of("CUSTOMER"), null, this.clock.instant(), null);
		if (!this.users.insert(user)) {
			throw new AuthProblems.EmailTaken();
		}
		this.verifications.send(user);
		return session(user, this.refreshTokens.issue(user.id()));
	}

	Session login(String email, String password, String clientAddress) {
		String normalised = normalise(email);
		this.throttle.checkAllowed(normalised, clientAddress);
		User user = this.users.findByEmail(normalised).orElse(null);
		boolean matches = this.passwords.matches(password, (user != null) ? user.passwordHash() : null);
		if (user == null || !matches) {
			this.throttle.failed(normalised, clientAddress);
			throw new AuthProblems.BadCredentials();
		}
		return session(user, this.refreshTokens.issue(user.id()));
	}

	Session refresh(String refreshToken) {
		RefreshTokens.Rotation rotation = this.refreshTokens.rotate(refreshToken);
		User user = this.users.find(rotation.userId()).orElseThrow(AuthProblems.InvalidRefreshToken::new);
		return session(user, rotation.next());
	}

	/** Confirms the address of the link's token; answers the account's profile. */
	Profile verifyEmail(String token) {
		return profile(this.verifications.verify(token));
	}

	void resendVerification(UUID userId) {
		this.verifications.resend(userId);
	}

	void logout(UUID userId, String refreshToken) {
		this.refreshTokens.revoke(userId, refreshToken);
	}

	Profile profile(UUID userId) {
		return profile(this.users.find(userId).orElseThrow(() -> new NotFound("User")));
	}

	Profile profile(User user) {
		URI avatar = (user.avatarKey() != null) ? this.storage.presignedGet(user.avatarKey()) : null;
		return new Profile(user.id(), user.email(), user.fullName(), user.roles(), avatar, user.emailVerified());
	}

	private Session session(User user, String refreshToken) {
		AccessTokens.AccessToken access = this.accessTokens.issue(user.id(), user.email(), user.roles(),
				user.createdAt(), user.emailVerified());
		return new Session(profile(user), access.value(), refreshToken, access.expiresIn());
	}

}
