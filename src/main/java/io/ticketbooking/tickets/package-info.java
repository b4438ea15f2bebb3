/**
 * Tickets: asynchronous issuance, PDFs with signed QR codes and barcodes, and check-in.
 */
@ApplicationModule(displayName = "Tickets")
package io.ticketbooking.tickets;

import org.springframework.modulith.ApplicationModule;
