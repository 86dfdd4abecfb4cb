package io.gratitude.outreach;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which template variant each outreach was sent with ({@code outreach.locale}): written
 * by the dispatcher as it renders a claimed row, read by the send log's detail. Kept
 * apart from {@link OutreachQueue} so that the queue's claims stay as they are.
 */
@Repository
class UsedLocales {

	private final JdbcClient jdbc;

	UsedLocales(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the variant ({@code ""} the base) on the row while {@code node} holds its
	 * claim; a row no longer claimed by it is left alone.
	 */
	void record(long outreachId, String node, String locale) {
		this.jdbc.sql("UPDATE outreach SET locale = ? WHERE id = ? AND status = 'SENDING' AND claimed_by = ?")
			.params(locale, outreachId, node)
			.update();
	}

	/**
	 * The variant the partner's outreach was last rendered for sending with: empty when
	 * it was never sent, {@code ""} for the base variant.
	 */
	Optional<String> find(long partnerId, long outreachId) {
		return this.jdbc.sql("SELECT locale FROM outreach WHERE id = ? AND partner_id = ? AND locale IS NOT NULL")
			.params(outreachId, partnerId)
			.query(String.class)
			.optional();
	}

}
