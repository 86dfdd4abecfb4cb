package io.gratitude.mail;

import java.time.Instant;
import java.util.Locale;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Addresses that must get nothing from a partner: unsubscribed, hard-bounced or
 * complained.
 */
@Repository
public class Suppressions {

	private final JdbcClient jdbc;

	Suppressions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether the partner must not write to this address. */
	public boolean isSuppressed(long partnerId, String email) {
		return this.jdbc.sql("SELECT COUNT(*) FROM suppression WHERE partner_id = ? AND email = ?")
			.params(partnerId, normalize(email))
			.query(Integer.class)
			.single() > 0;
	}

	/** Suppresses the address; idempotent (the first reason is kept). */
	public void suppress(long partnerId, String email, String reason, Instant at) {
		try {
			this.jdbc.sql("INSERT INTO suppression (partner_id, email, reason, created_at) VALUES (?, ?, ?, ?)")
				.params(partnerId, normalize(email), reason, at.toEpochMilli())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Already suppressed: the first reason stands.
		}
	}

	private static String normalize(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

}
