package io.ticketbooking.auth;

import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JwksController {

	private final Map<String, Object> jwks;

	JwksController(SigningKeys keys) {
		this.jwks = new JWKSet(keys.jwk().toPublicJWK()).toJSONObject();
	}

	@Operation(summary = "Public keys that verify access tokens", tags = "auth")
	@GetMapping("/.well-known/jwks.json")
	Map<String, Object> jwks() {
		return this.jwks;
	}

}
