package io.gratitude.system;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Secrets the default run generates once and keeps in the database (table
 * {@code instance_secret}), so that every node and every restart uses the same: the
 * unsubscribe links' key, the API keys' hashing key. Configured secrets take their place
 * in production.
 */
public final class InstanceSecrets {

	private InstanceSecrets() {
	}

	/** The stored secret of this name, generated (32 random bytes) on first use. */
	public static String storedOrGenerated(JdbcClient jdbc, Clock clock, String name) {
		Optional<String> stored = stored(jdbc, name);
		if (stored.isPresent()) {
			return stored.get();
		}
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		try {
			jdbc.sql("INSERT INTO instance_secret (name, secret, created_at) VALUES (?, ?, ?)")
				.params(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), clock.millis())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Another node generated it first: use theirs.
		}
		return stored(jdbc, name).orElseThrow();
	}

	/** The stored secret of this name, if one was generated. */
	public static Optional<String> stored(JdbcClient jdbc, String name) {
		return jdbc.sql("SELECT secret FROM instance_secret WHERE name = ?").param(name).query(String.class).optional();
	}

}
