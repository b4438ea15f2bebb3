package io.ticketbooking.auth;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.InvalidFields;
import io.ticketbooking.shared.NotFound;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "users")
@RestController
class UsersController {

	private static final Set<String> ROLES = Set.of("CUSTOMER", "ORGANIZER", "ADMIN");

	private final AuthService auth;

	private final UserRepository users;

	private final Avatars avatars;

	UsersController(AuthService auth, UserRepository users, Avatars avatars) {
		this.auth = auth;
		this.users = users;
		this.avatars = avatars;
	}

	record Rename(@NotBlank @Size(max = 100) String fullName) {
	}

	record Roles(@NotEmpty @Size(max = 3) List<@NotBlank String> roles) {
	}

	@Operation(summary = "My profile")
	@GetMapping("/api/v1/users/me")
	AuthService.Profile me(Caller caller) {
		return this.auth.profile(caller.id());
	}

	@Operation(summary = "Send me a new link to confirm my email address",
			description = "At most once a minute (429 RATE_LIMITED with Retry-After); 409 EMAIL_ALREADY_VERIFIED "
					+ "when it is confirmed already. The link is good for 48 hours; earlier links stay good too.")
	@PostMapping("/api/v1/users/me/email-verification")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Object> resendVerification(Caller caller) {
		this.auth.resendVerification(caller.id());
		return Map.of("sent", true);
	}

	@Operation(summary = "Change my name")
	@PatchMapping("/api/v1/users/me")
	AuthService.Profile rename(Caller caller, @Valid @RequestBody Rename request) {
		return this.auth
			.profile(this.users.rename(caller.id(), request.fullName().trim()).orElseThrow(() -> new NotFound("User")));
	}

	@Operation(summary = "Upload my avatar: PNG, JPEG or WebP, at most 5 MiB")
	@PutMapping(path = "/api/v1/users/me/avatar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	AuthService.Profile avatar(Caller caller, @RequestPart("file") MultipartFile file) throws IOException {
		this.avatars.replace(caller.id(), file.getBytes());
		return this.auth.profile(caller.id());
	}

	@Operation(summary = "Grant roles to a user (ADMIN); they apply from the user's next sign-in or refresh")
	@PostMapping("/api/v1/admin/users/{id}/roles")
	AuthService.Profile grant(@PathVariable UUID id, @Valid @RequestBody Roles request) {
		List<String> roles = request.roles().stream().map(String::trim).distinct().toList();
		if (!ROLES.containsAll(roles)) {
			throw InvalidFields.of("roles", "must be among " + ROLES);
		}
		return this.auth.profile(this.users.grantRoles(id, roles).orElseThrow(() -> new NotFound("User")));
	}

}
