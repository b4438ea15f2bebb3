package io.ticketbooking.storage;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Path-style S3 clients, so MinIO, s3proxy and AWS S3 all work with only an endpoint
 * change.
 */
@Configuration(proxyBeanMethods = false)
class S3Config {

	@Bean(destroyMethod = "close")
	S3Client s3Client(StorageProperties properties) {
		return S3Client.builder()
			.endpointOverride(properties.endpoint())
			.region(Region.of(properties.region()))
			.credentialsProvider(credentials(properties))
			.serviceConfiguration(pathStyle())
			.httpClient(UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(3))
				.socketTimeout(Duration.ofSeconds(30))
				.build())
			.overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).build())
			// the payload is signed (SHA-256) anyway: no extra checksum of it
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.build();
	}

	@Bean(destroyMethod = "close")
	S3Presigner s3Presigner(StorageProperties properties) {
		return presigner(properties, properties.publicEndpoint());
	}

	static S3Presigner presigner(StorageProperties properties, URI endpoint) {
		return S3Presigner.builder()
			.endpointOverride(endpoint)
			.region(Region.of(properties.region()))
			.credentialsProvider(credentials(properties))
			.serviceConfiguration(pathStyle())
			.build();
	}

	private static StaticCredentialsProvider credentials(StorageProperties properties) {
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()));
	}

	/**
	 * Path-style, and uploads as one signed body: the SDK would otherwise send each
	 * upload aws-chunked, every chunk signed on its own, which on a ticket PDF cost the
	 * client (and the store, which checks each signature) about as much as rendering it.
	 */
	private static S3Configuration pathStyle() {
		return S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build();
	}

}
