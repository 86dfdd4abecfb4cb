package io.gratitude.digest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The staff digest store: each partner's digest settings, one digest row per partner and
 * local day (its unique key is the cluster-wide claim) and one row per recipient with the
 * SMTP server's answer. Claims are plain INSERTs (a duplicate means another node has the
 * day) or optimistic updates on {@code version}, as db-scheduler's.
 */
@Repository
public class StaffDigests {

	/** A digest's state. */
	public enum Status {

		SENDING, RETRY, SENT, PARTIAL, EMPTY, FAILED

	}

	/** A recipient's state. */
	enum RecipientStatus {

		SENDING, SENT, RETRY, FAILED, UNKNOWN;

		/** Whether this recipient must not be sent the digest (again). */
		boolean isFinal() {
			return this != RETRY;
		}

	}

	/** A claimed digest: this node builds and sends it until its lease ends. */
	record Claim(long id, long partnerId, LocalDate day, int attempt) {
	}

	/** A digest as the console shows it. */
	public record Digest(long id, LocalDate day, Status status, int attempts, @Nullable String reason,
			Instant updatedAt) {
	}

	/** One recipient's row. */
	record Recipient(long staffUserId, RecipientStatus status, int attempts, @Nullable Integer smtpCode,
			@Nullable String smtpReply, @Nullable Instant sentAt) {
	}

	private final JdbcClient jdbc;

	StaffDigests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The partner's settings, the defaults when it never changed them. */
	public StaffDigestSettings settings(long partnerId) {
		return this.jdbc.sql("SELECT enabled, send_hour, days_ahead FROM digest_setting WHERE partner_id = ?")
			.param(partnerId)
			.query((rs, row) -> new StaffDigestSettings(rs.getBoolean("enabled"), rs.getInt("send_hour"),
					rs.getInt("days_ahead")))
			.optional()
			.orElse(StaffDigestSettings.DEFAULTS);
	}

	/** Stores the partner's settings (insert or replace). */
	public void saveSettings(long partnerId, StaffDigestSettings settings, Instant now) {
		int updated = this.jdbc.sql(
				"UPDATE digest_setting SET enabled = ?, send_hour = ?, days_ahead = ?, updated_at = ? WHERE partner_id = ?")
			.params(settings.enabled(), settings.hour(), settings.daysAhead(), now.toEpochMilli(), partnerId)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("""
						INSERT INTO digest_setting (partner_id, enabled, send_hour, days_ahead, updated_at)
						VALUES (?, ?, ?, ?, ?)""")
					.params(partnerId, settings.enabled(), settings.hour(), settings.daysAhead(), now.toEpochMilli())
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Saved by someone else in between: the later save wins, as an update
				// would.
				saveSettings(partnerId, settings, now);
			}
		}
	}

	/**
	 * The partners that have someone to send a digest to (an enabled user of theirs with
	 * the digest on) and have not turned it off, by id.
	 */
	List<Long> partnersWithRecipients() {
		return this.jdbc
			.sql("""
					SELECT DISTINCT u.partner_id FROM staff_user u
					WHERE u.partner_id IS NOT NULL AND u.disabled_at IS NULL AND u.receives_digest = TRUE
					  AND u.role IN ('PARTNER_ADMIN', 'STAFF')
					  AND NOT EXISTS (SELECT 1 FROM digest_setting s WHERE s.partner_id = u.partner_id AND s.enabled = FALSE)
					ORDER BY u.partner_id""")
			.query(Long.class)
			.list();
	}

	/** Which partners have a digest row for which days, from {@code since} on. */
	Map<Long, Set<LocalDate>> daysTaken(LocalDate since) {
		Map<Long, Set<LocalDate>> taken = new HashMap<>();
		this.jdbc.sql("SELECT partner_id, local_date FROM staff_digest WHERE local_date >= ?")
			.param(since)
			.query((rs, row) -> taken.computeIfAbsent(rs.getLong("partner_id"), id -> new HashSet<>())
				.add(rs.getObject("local_date", LocalDate.class)))
			.list();
		return taken;
	}

	/**
	 * Claims the partner's digest for this local day: the first node to insert the row
	 * has it. Empty when the day is someone else's (or was done already).
	 */
	Optional<Claim> claimNew(long partnerId, LocalDate day, String node, Instant now, Instant leaseUntil) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		try {
			this.jdbc.sql("""
					INSERT INTO staff_digest (partner_id, local_date, status, attempt_count, claimed_by, lease_until,
					                          version, created_at, updated_at)
					VALUES (?, ?, 'SENDING', 1, ?, ?, 0, ?, ?)""")
				.params(partnerId, day, node, leaseUntil.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli())
				.update(keys, "id");
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
		return Optional.of(new Claim(keys.getKeyAs(Number.class).longValue(), partnerId, day, 1));
	}

	/**
	 * Claims the digests due again: those waiting to retry whose time has come, and those
	 * whose node died mid-send (SENDING past its lease). Each is taken by an optimistic
	 * update, so that of two nodes only one gets it. A recovered digest's recipients that
	 * were being sent to become UNKNOWN: never sent again, since they may have it.
	 */
	List<Claim> claimDue(String node, Instant now, Instant leaseUntil) {
		record Due(long id, long partnerId, LocalDate day, int version, int attempts, Status status) {
		}
		List<Due> due = this.jdbc.sql("""
				SELECT id, partner_id, local_date, version, attempt_count, status FROM staff_digest
				WHERE (status = 'RETRY' AND next_attempt_at <= ?) OR (status = 'SENDING' AND lease_until < ?)
				ORDER BY id""")
			.params(now.toEpochMilli(), now.toEpochMilli())
			.query((rs, row) -> new Due(rs.getLong("id"), rs.getLong("partner_id"),
					rs.getObject("local_date", LocalDate.class), rs.getInt("version"), rs.getInt("attempt_count"),
					Status.valueOf(rs.getString("status"))))
			.list();
		return due.stream()
			.filter(d -> this.jdbc.sql("""
					UPDATE staff_digest SET status = 'SENDING', claimed_by = ?, lease_until = ?, next_attempt_at = NULL,
					       attempt_count = attempt_count + 1, version = version + 1, updated_at = ?
					WHERE id = ? AND version = ?""")
				.params(node, leaseUntil.toEpochMilli(), now.toEpochMilli(), d.id(), d.version())
				.update() == 1)
			.peek(d -> {
				if (d.status() == Status.SENDING) {
					this.jdbc.sql("""
							UPDATE staff_digest_recipient SET status = 'UNKNOWN', updated_at = ?
							WHERE digest_id = ? AND status = 'SENDING'""").params(now.toEpochMilli(), d.id()).update();
				}
			})
			.map(d -> new Claim(d.id(), d.partnerId(), d.day(), d.attempts() + 1))
			.toList();
	}

	/** Ends a claim with its outcome. */
	void finish(long digestId, Status status, @Nullable String reason, Instant now) {
		this.jdbc.sql("""
				UPDATE staff_digest SET status = ?, reason = ?, lease_until = NULL, next_attempt_at = NULL,
				       version = version + 1, updated_at = ?
				WHERE id = ?""").params(status.name(), reason, now.toEpochMilli(), digestId).update();
	}

	/** Ends a claim with recipients left to try at {@code nextAttempt}. */
	void retryAt(long digestId, Instant nextAttempt, Instant now) {
		this.jdbc.sql("""
				UPDATE staff_digest SET status = 'RETRY', next_attempt_at = ?, lease_until = NULL,
				       version = version + 1, updated_at = ?
				WHERE id = ?""").params(nextAttempt.toEpochMilli(), now.toEpochMilli(), digestId).update();
	}

	/** The digest's recipients so far, by user id. */
	Map<Long, Recipient> recipients(long digestId) {
		Map<Long, Recipient> found = new HashMap<>();
		this.jdbc.sql("""
				SELECT staff_user_id, status, attempt_count, smtp_code, smtp_reply, sent_at
				FROM staff_digest_recipient WHERE digest_id = ?""")
			.param(digestId)
			.query(StaffDigests::recipient)
			.list()
			.forEach(r -> found.put(r.staffUserId(), r));
		return found;
	}

	/**
	 * Marks the recipient as being sent to, before the message goes out; false when the
	 * row is already final (sent, refused, unknown), so nothing must be sent.
	 */
	boolean markSending(long digestId, long staffUserId, String messageId, Instant now) {
		int updated = this.jdbc.sql("""
				UPDATE staff_digest_recipient SET status = 'SENDING', attempt_count = attempt_count + 1, updated_at = ?
				WHERE digest_id = ? AND staff_user_id = ? AND status = 'RETRY'""")
			.params(now.toEpochMilli(), digestId, staffUserId)
			.update();
		if (updated == 1) {
			return true;
		}
		try {
			this.jdbc.sql("""
					INSERT INTO staff_digest_recipient (digest_id, staff_user_id, status, attempt_count, message_id,
					                                    updated_at)
					VALUES (?, ?, 'SENDING', 1, ?, ?)""")
				.params(digestId, staffUserId, messageId, now.toEpochMilli())
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Records what the SMTP server answered for one recipient. */
	void recordReply(long digestId, long staffUserId, RecipientStatus status, int smtpCode, String smtpReply,
			@Nullable Instant sentAt, Instant now) {
		this.jdbc.sql("""
				UPDATE staff_digest_recipient SET status = ?, smtp_code = ?, smtp_reply = ?, sent_at = ?, updated_at = ?
				WHERE digest_id = ? AND staff_user_id = ?""")
			.params(status.name(), (smtpCode > 0) ? smtpCode : null, truncate(smtpReply),
					(sentAt != null) ? sentAt.toEpochMilli() : null, now.toEpochMilli(), digestId, staffUserId)
			.update();
	}

	/** Gives up on the recipients still waiting for a retry. */
	void failRetries(long digestId, Instant now) {
		this.jdbc.sql("""
				UPDATE staff_digest_recipient SET status = 'FAILED', updated_at = ?
				WHERE digest_id = ? AND status = 'RETRY'""").params(now.toEpochMilli(), digestId).update();
	}

	/** The partner's digest of this local day, if there is one. */
	public Optional<Digest> find(long partnerId, LocalDate day) {
		return this.jdbc.sql("""
				SELECT id, local_date, status, attempt_count, reason, updated_at FROM staff_digest
				WHERE partner_id = ? AND local_date = ?""")
			.params(partnerId, day)
			.query((rs, row) -> new Digest(rs.getLong("id"), rs.getObject("local_date", LocalDate.class),
					Status.valueOf(rs.getString("status")), rs.getInt("attempt_count"), rs.getString("reason"),
					Instant.ofEpochMilli(rs.getLong("updated_at"))))
			.optional();
	}

	/** The partner's latest digests, newest first. */
	public List<Digest> latest(long partnerId, int limit) {
		return this.jdbc.sql("""
				SELECT id, local_date, status, attempt_count, reason, updated_at FROM staff_digest
				WHERE partner_id = ? ORDER BY local_date DESC LIMIT ?""")
			.params(partnerId, limit)
			.query((rs, row) -> new Digest(rs.getLong("id"), rs.getObject("local_date", LocalDate.class),
					Status.valueOf(rs.getString("status")), rs.getInt("attempt_count"), rs.getString("reason"),
					Instant.ofEpochMilli(rs.getLong("updated_at"))))
			.list();
	}

	private static Recipient recipient(ResultSet rs, int row) throws SQLException {
		int code = rs.getInt("smtp_code");
		Integer smtpCode = rs.wasNull() ? null : code;
		long sent = rs.getLong("sent_at");
		Instant sentAt = rs.wasNull() ? null : Instant.ofEpochMilli(sent);
		return new Recipient(rs.getLong("staff_user_id"), RecipientStatus.valueOf(rs.getString("status")),
				rs.getInt("attempt_count"), smtpCode, rs.getString("smtp_reply"), sentAt);
	}

	private static String truncate(String reply) {
		return (reply.length() > 1000) ? reply.substring(0, 1000) : reply;
	}

}
