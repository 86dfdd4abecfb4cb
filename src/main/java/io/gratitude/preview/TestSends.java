package io.gratitude.preview;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.gratitude.system.Page;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The log of template test sends, kept apart from outreach: a test send is no occasion,
 * is never retried and never counts as sent to a contact.
 */
@Repository
public class TestSends {

	private final JdbcClient jdbc;

	TestSends(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Records one test send and the SMTP server's answer (code 0: not reached). */
	public void record(long partnerId, String templateKey, int version, String to, Instant sentAt, int smtpCode,
			String smtpReply, String messageId) {
		this.jdbc.sql("""
				INSERT INTO test_send (partner_id, template_key, version, to_address, sent_at, smtp_code, smtp_reply,
				                       message_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, templateKey, version, to, sentAt.toEpochMilli(), smtpCode, smtpReply, messageId)
			.update();
	}

	/** One logged test send. */
	record TestSend(long id, String templateKey, int version, String to, Instant sentAt, int smtpCode, String smtpReply,
			String messageId) {

		/** Whether the server accepted the message. */
		public boolean accepted() {
			return this.smtpCode >= 200 && this.smtpCode < 300;
		}

	}

	/** A page of the partner's test sends, newest first. */
	public List<TestSend> find(long partnerId, Page.Request page) {
		return this.jdbc.sql("""
				SELECT id, template_key, version, to_address, sent_at, smtp_code, smtp_reply, message_id FROM test_send
				WHERE partner_id = ? ORDER BY sent_at DESC, id DESC LIMIT ? OFFSET ?""")
			.params(partnerId, page.size(), page.offset())
			.query((rs, row) -> new TestSend(rs.getLong("id"), rs.getString("template_key"), rs.getInt("version"),
					rs.getString("to_address"), Instant.ofEpochMilli(rs.getLong("sent_at")), rs.getInt("smtp_code"),
					rs.getString("smtp_reply"), rs.getString("message_id")))
			.list();
	}

	/** How many test sends the partner made. */
	public long count(long partnerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM test_send WHERE partner_id = ?")
			.param(partnerId)
			.query(Long.class)
			.single();
	}

	/** Which of these Message-IDs are the partner's test sends. */
	public Set<String> ownedMessageIds(long partnerId, Collection<String> messageIds) {
		if (messageIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(
				this.jdbc.sql("SELECT message_id FROM test_send WHERE partner_id = :partner AND message_id IN (:ids)")
					.param("partner", partnerId)
					.param("ids", messageIds)
					.query(String.class)
					.list());
	}

}
