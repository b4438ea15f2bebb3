package io.ticketbooking.auth;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Nimbus encoder and decoder over our own RSA key; verification needs no network or
 * database.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfig {

	@Bean
	SigningKeys signingKeys(AuthProperties properties) {
		return SigningKeys.from(properties);
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.jwk())));
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, AuthProperties properties, Clock clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(keys.publicKey())
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(properties.issuer())));
		int cacheSize = properties.verifiedTokenCacheSize();
		return (cacheSize > 0) ? new VerifiedTokenCache(decoder, cacheSize, clock) : decoder;
	}

}
