package io.ticketbooking.storage;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The module's facade: put, read, delete and hand out time-limited URLs for objects in
 * the configured bucket. Keys are always chosen by the caller module, never by an end
 * user.
 */
@Service
public class ObjectStorage {

	private static final Logger log = LoggerFactory.getLogger(ObjectStorage.class);

	private final S3Client s3;

	private final S3Presigner presigner;

	private final StorageProperties properties;

	ObjectStorage(S3Client s3, S3Presigner presigner, StorageProperties properties) {
		this.s3 = s3;
		this.presigner = presigner;
		this.properties = properties;
	}

	/**
	 * Creates the bucket if it is missing; a store that is down now is reported by
	 * health.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void ensureBucket() {
		try {
			this.s3.headBucket((b) -> b.bucket(this.properties.bucket()));
		}
		catch (NoSuchBucketException ex) {
			try {
				this.s3.createBucket((b) -> b.bucket(this.properties.bucket()));
				log.info("Created bucket {}", this.properties.bucket());
			}
			catch (BucketAlreadyOwnedByYouException raced) {
				// another instance created it first
			}
		}
		catch (RuntimeException ex) {
			log.warn("Object storage is not reachable at start: {}", ex.getMessage());
		}
	}

	public void put(String key, byte[] content, String contentType) {
		this.s3.putObject((b) -> b.bucket(this.properties.bucket()).key(key).contentType(contentType),
				RequestBody.fromBytes(content));
	}

	/** The object's bytes, or {@code null} when there is no such object. */
	public byte[] get(String key) {
		try {
			return this.s3.getObjectAsBytes((b) -> b.bucket(this.properties.bucket()).key(key)).asByteArray();
		}
		catch (NoSuchKeyException ex) {
			return null;
		}
	}

	public void delete(String key) {
		this.s3.deleteObject((b) -> b.bucket(this.properties.bucket()).key(key));
	}

	/** A URL that a plain browser GET can fetch until it expires. */
	public URI presignedGet(String key) {
		return URI.create(
				this.presigner
					.presignGetObject((p) -> p.signatureDuration(this.properties.urlTtl())
						.getObjectRequest((g) -> g.bucket(this.properties.bucket()).key(key)))
					.url()
					.toString());
	}

	void checkReachable() {
		this.s3.headBucket((b) -> b.bucket(this.properties.bucket()));
	}

}
