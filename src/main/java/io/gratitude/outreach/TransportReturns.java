package io.gratitude.outreach;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Puts claimed rows back in the queue when the mail server could not be reached: RETRY at
 * the end of the transport's outage pause, and the claim's attempt given back, so an
 * outage of the server never counts against a message's own retry backoff. Guarded like
 * every status change: only a row this node still holds in SENDING moves.
 */
@Repository
class TransportReturns {

	private final JdbcClient jdbc;

	TransportReturns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Returns the row to RETRY, due at {@code dueAt}.
	 * @param reply the connection error to keep as the row's last reply, or null to keep
	 * the previous one (a row that was never tried)
	 * @param locale the template variant the message was rendered with, or null to keep
	 * the previous one (see {@link OutreachQueue#release})
	 * @return whether this node still held the row
	 */
	boolean returnToQueue(long id, String node, Instant dueAt, Instant now, @Nullable String reply,
			@Nullable String locale) {
		OutreachStatus.SENDING.require(OutreachStatus.RETRY);
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'RETRY', due_at = ?, reason = NULL, last_reply = COALESCE(?, last_reply),
				       locale = COALESCE(?, locale),
				       attempt_count = CASE WHEN attempt_count > 0 THEN attempt_count - 1 ELSE 0 END,
				       claimed_by = NULL, lease_until = NULL, version = version + 1, updated_at = ?
				WHERE id = ? AND status = 'SENDING' AND claimed_by = ?""")
			.params(dueAt.toEpochMilli(), reply, locale, now.toEpochMilli(), id, node)
			.update() == 1;
	}

}
