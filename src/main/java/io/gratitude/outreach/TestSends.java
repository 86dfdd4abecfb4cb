package io.gratitude.outreach;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The log of template test sends, kept apart from outreach: a test send is no occasion,
 * is never retried and never counts as sent to a contact.
 */
@Repository
class TestSends {

	private final JdbcClient jdbc;

	TestSends(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records one test send and the SMTP server's answer (code 0: not reached). */
	void record(long partnerId, String templateKey, int version, String to, Instant sentAt, int smtpCode,
			String smtpReply, String messageId) {
		this.jdbc.sql("""
				INSERT INTO test_send (partner_id, template_key, version, to_address, sent_at, smtp_code, smtp_reply,
				                       message_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, templateKey, version, to, sentAt.toEpochMilli(), smtpCode, smtpReply, messageId)
			.update();
	}

}
