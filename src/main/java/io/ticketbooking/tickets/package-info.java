/**
 * Tickets: asynchronous issuance, PDFs with signed QR codes and barcodes, and check-in.
 */
@Owns(tables = { "tickets" })
@ApplicationModule(displayName = "Tickets")
package io.ticketbooking.tickets;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
