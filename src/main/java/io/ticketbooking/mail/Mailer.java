package io.ticketbooking.mail;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.messaging.PermanentMessageFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Sends a {@link Letter} through the SMTP relay ({@code MAIL_HOST}), as a multipart email
 * with a text and an HTML part and its attachments. Without a relay configured, nothing
 * is sent and the letter is counted as skipped.
 */
@Component
class Mailer {

	private static final Logger log = LoggerFactory.getLogger(Mailer.class);

	private final JavaMailSender sender;

	private final MailSettings settings;

	private final Counter sent;

	private final Counter skipped;

	Mailer(ObjectProvider<JavaMailSender> sender, MailProperties relay, MailSettings settings, MeterRegistry meters) {
		this.sender = StringUtils.hasText(relay.getHost()) ? sender.getIfAvailable() : null;
		this.settings = settings;
		this.sent = Counter.builder("mail.sent").description("Emails handed to the relay").register(meters);
		this.skipped = Counter.builder("mail.skipped")
			.description("Emails not sent because no relay is configured (MAIL_HOST)")
			.register(meters);
		if (this.sender == null) {
			log.warn("No MAIL_HOST: emails are not sent");
		}
	}

	/** A file attached to a letter. */
	record Attachment(String filename, String contentType, byte[] content) {
	}

	/** An email: its recipient, subject, both bodies and attachments. */
	record Letter(String to, String subject, String text, String html, List<Attachment> attachments) {
	}

	/**
	 * True, and the email counted as skipped, when no relay is configured: the caller
	 * need not read anything for an email that will not go.
	 */
	boolean skipping() {
		if (this.sender != null) {
			return false;
		}
		this.skipped.increment();
		return true;
	}

	/** Sends it; a relay that fails throws (the caller's message is retried). */
	void send(Letter letter) {
		if (skipping()) {
			return;
		}
		MimeMessage message = this.sender.createMimeMessage();
		try {
			MimeMessageHelper email = new MimeMessageHelper(message, true, "UTF-8");
			email.setFrom(this.settings.from());
			email.setTo(letter.to());
			email.setSubject(letter.subject());
			email.setText(letter.text(), letter.html());
			for (Attachment attachment : letter.attachments()) {
				email.addAttachment(attachment.filename(), new ByteArrayResource(attachment.content()),
						attachment.contentType());
			}
		}
		catch (MessagingException ex) {
			// an address that is no address: no later attempt does better
			throw new PermanentMessageFailure("Email to " + letter.to() + " cannot be made: " + ex.getMessage());
		}
		this.sender.send(message);
		this.sent.increment();
	}

}
