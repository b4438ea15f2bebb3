/**
 * Object storage on any S3-compatible service (MinIO, AWS S3, s3proxy).
 */
@ApplicationModule(displayName = "Storage")
package io.ticketbooking.storage;

import org.springframework.modulith.ApplicationModule;
