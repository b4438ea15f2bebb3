package io.ticketbooking.auth;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs access tokens. RS256 because verifying it is cheap (ES256
 * verification alone would cap the service near 3,400 req/s: docs/benchmarks.md, "Floors
 * measured before the service").
 */
final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final RSAKey jwk;

	private SigningKeys(RSAKey jwk) {
		this.jwk = jwk;
	}

	static SigningKeys from(AuthProperties properties) {
		String pem = properties.privateKey();
		KeyPair pair;
		if (pem == null || pem.isBlank()) {
			log.warn("JWT_PRIVATE_KEY is not set: signing tokens with an ephemeral RSA key. Tokens will not "
					+ "survive a restart and other instances cannot verify them. Never do this in production.");
			pair = generate();
		}
		else {
			pair = parse(pem);
		}
		try {
			RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint()
				.build();
			return new SigningKeys(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot derive a key id for the JWT signing key", ex);
		}
	}

	RSAKey jwk() {
		return this.jwk;
	}

	RSAPublicKey publicKey() {
		try {
			return this.jwk.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair parse(String pem) {
		String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
			RSAPublicKey publicKey = (RSAPublicKey) factory
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			return new KeyPair(publicKey, privateKey);
		}
		catch (NoSuchAlgorithmException | InvalidKeySpecException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException("JWT_PRIVATE_KEY is not a PKCS#8 PEM RSA private key", ex);
		}
	}

}
