/**
 * Object storage on any S3-compatible service (MinIO, AWS S3, s3proxy).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage")
package io.ticketbooking.storage;
