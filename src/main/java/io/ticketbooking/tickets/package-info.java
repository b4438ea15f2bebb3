/**
 * Tickets: asynchronous issuance, PDFs with signed QR codes and barcodes, and check-in.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tickets")
package io.ticketbooking.tickets;
