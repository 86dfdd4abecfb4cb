package io.gratitude.sendlog;

import io.gratitude.outreach.OutreachQueue;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which template variant each outreach was sent with ({@code outreach.locale}), as the
 * send log's detail reads it. The dispatcher records it with the attempt's result, in the
 * same update ({@link OutreachQueue#release}).
 */
@Repository
class UsedLocales {

	private final JdbcClient jdbc;

	UsedLocales(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
