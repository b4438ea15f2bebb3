package io.ticketbooking.messaging;

import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.boot.amqp.autoconfigure.RabbitListenerRetrySettingsCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exchanges every module publishes to, and JSON as the message format. */
@Configuration(proxyBeanMethods = false)
class MessagingConfig {

	@Bean
	TopicExchange eventsExchange() {
		return new TopicExchange(Queues.EVENTS_EXCHANGE, true, false);
	}

	@Bean
	DirectExchange deadLetterExchange() {
		return new DirectExchange(Queues.DEAD_LETTER_EXCHANGE, true, false);
	}

	@Bean
	MessageConverter jsonMessageConverter() {
		return new JacksonJsonMessageConverter();
	}

	/**
	 * Retries what may pass on a later attempt; a permanent failure is dead-lettered at
	 * once.
	 */
	@Bean
	RabbitListenerRetrySettingsCustomizer retryOnlyWhatMayPass() {
		return (settings) -> settings.setExceptionPredicate((failure) -> !PermanentMessageFailure.isPermanent(failure));
	}

}
