/**
 * RabbitMQ topology: exchanges, queues, dead-lettering and the queue type.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Messaging")
package io.ticketbooking.messaging;
