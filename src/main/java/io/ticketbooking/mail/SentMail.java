package io.ticketbooking.mail;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The emails sent once ({@code mail_sent}), by kind and key. A sender claims an email for
 * {@code lease}, sends it outside any transaction, then marks it sent (or lets go of it
 * if the send failed); a sender that dies loses its claim when the lease runs out.
 */
@Repository
class SentMail {

	private final JdbcClient jdbc;

	SentMail(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	enum Claim {

		/** This sender may send it. */
		CLAIMED,
		/** It went out already. */
		SENT,
		/** Another sender holds it now; try again later. */
		BUSY

	}

	Claim claim(String kind, String key, String recipient, Duration lease) {
		int claimed = this.jdbc.sql("""
				insert into mail_sent (kind, key, recipient, claimed_until)
				values (:kind, :key, :recipient, now() + :lease * interval '1 second')
				on conflict (kind, key) do update
				set recipient = excluded.recipient, claimed_until = excluded.claimed_until
				where mail_sent.sent_at is null
				  and (mail_sent.claimed_until is null or mail_sent.claimed_until < now())
				""")
			.param("kind", kind)
			.param("key", key)
			.param("recipient", recipient)
			.param("lease", lease.toSeconds())
			.update();
		if (claimed == 1) {
			return Claim.CLAIMED;
		}
		boolean sent = this.jdbc.sql("select sent_at is not null from mail_sent where kind = :kind and key = :key")
			.param("kind", kind)
			.param("key", key)
			.query(Boolean.class)
			.single();
		return sent ? Claim.SENT : Claim.BUSY;
	}

	void sent(String kind, String key) {
		this.jdbc.sql("update mail_sent set sent_at = now(), claimed_until = null where kind = :kind and key = :key")
			.param("kind", kind)
			.param("key", key)
			.update();
	}

	/** Lets go of a claim whose send failed, so that the retry may take it at once. */
	void release(String kind, String key) {
		this.jdbc.sql("update mail_sent set claimed_until = null where kind = :kind and key = :key and sent_at is null")
			.param("kind", kind)
			.param("key", key)
			.update();
	}

}
