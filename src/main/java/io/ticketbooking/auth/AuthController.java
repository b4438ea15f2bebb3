package io.ticketbooking.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "auth")
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

	private final AuthService auth;

	AuthController(AuthService auth) {
		this.auth = auth;
	}

	record Register(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(min = 8, max = 128) String password,
			@NotBlank @Size(max = 100) String fullName) {

		Register {
			email = (email != null) ? email.trim() : null;
		}

		/** What Spring's DEBUG logging prints of the body: never the password. */
		@Override
		public String toString() {
			return "Register[email=" + this.email + ", password=[PROTECTED], fullName=" + this.fullName + "]";
		}

	}

	record Login(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {

		@Override
		public String toString() {
			return "Login[email=" + this.email + ", password=[PROTECTED]]";
		}

	}

	record RefreshToken(@NotBlank @Size(max = 200) String refreshToken) {

		@Override
		public String toString() {
			return "RefreshToken[[PROTECTED]]";
		}

	}

	@Operation(summary = "Create a customer account and sign in")
	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	AuthService.Session register(@Valid @RequestBody Register request) {
		return this.auth.register(request.email(), request.password(), request.fullName());
	}

	@Operation(summary = "Sign in: a short-lived access token and a rotating refresh token")
	@PostMapping("/login")
	AuthService.Session login(@Valid @RequestBody Login request, HttpServletRequest http) {
		return this.auth.login(request.email(), request.password(), http.getRemoteAddr());
	}

	@Operation(summary = "A new token pair; the refresh token given stops working")
	@PostMapping("/refresh")
	AuthService.Session refresh(@Valid @RequestBody RefreshToken request) {
		return this.auth.refresh(request.refreshToken());
	}

	record VerificationToken(@NotBlank @Size(max = 100) String token) {

		@Override
		public String toString() {
			return "VerificationToken[[PROTECTED]]";
		}

	}

	@Operation(summary = "Confirm an email address with the token of the link sent to it",
			description = "No sign-in needed: the token is the proof. Answers the account's profile "
					+ "(emailVerified: true); tokens issued from now on carry the claim email_verified, so a client "
					+ "that is signed in refreshes its token. 400 INVALID_VERIFICATION_TOKEN for a token that was "
					+ "used, has expired (48 h) or is for an address the account no longer has.")
	@PostMapping("/verify-email")
	AuthService.Profile verifyEmail(@Valid @RequestBody VerificationToken request) {
		return this.auth.verifyEmail(request.token());
	}

	@Operation(summary = "Sign out: the refresh token (and its family) stops working")
	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logout(Caller caller, @Valid @RequestBody RefreshToken request) {
		this.auth.logout(caller.id(), request.refreshToken());
	}

}
