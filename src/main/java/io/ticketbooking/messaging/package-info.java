/**
 * RabbitMQ topology: exchanges, queues, dead-lettering and the queue type.
 */
@ApplicationModule(displayName = "Messaging")
package io.ticketbooking.messaging;

import org.springframework.modulith.ApplicationModule;
