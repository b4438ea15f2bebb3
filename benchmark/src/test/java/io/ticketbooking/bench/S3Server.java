package io.ticketbooking.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.LoggerFactory;

/**
 * The S3 API of the issuance mode: s3proxy storing on disk, as MinIO would, in a process of
 * its own so that its CPU is counted apart from the application's.
 *
 * <p>
 * Usage: {@code S3Server <port> <directory> <access key> <secret key>}; runs until killed.
 */
public final class S3Server {

	private S3Server() {
	}

	public static void main(String[] args) throws Exception {
		// without a configuration logback logs everything, which would be most of its work
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Path directory = Files.createDirectories(Path.of(args[1]));
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()))
			.endpoint(URI.create("http://127.0.0.1:" + args[0]))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[2], args[3])
			.build();
		proxy.start();
		while (!"STARTED".equals(proxy.getState())) {
			Thread.sleep(25);
		}
		System.out.println("s3proxy at http://127.0.0.1:" + proxy.getPort() + " storing in " + directory);
		Thread.currentThread().join();
	}

}
