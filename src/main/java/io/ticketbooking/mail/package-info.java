/**
 * Email: the buyer's tickets as PDFs once they are issued, and word of a cancelled event
 * or an order that must be refunded. Sent asynchronously from RabbitMQ, retried while the
 * relay fails, each email once.
 */
@Owns(tables = { "mail_sent" })
@ApplicationModule(displayName = "Mail")
package io.ticketbooking.mail;

import io.ticketbooking.shared.Owns;

import org.springframework.modulith.ApplicationModule;
