package io.gratitude.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A partner's API keys. A key is {@code gk_<prefix>_<secret>}; only its SHA-256 is
 * stored, found by its public prefix and compared in constant time. The plain key exists
 * once, in the answer to its creation.
 */
@Component
public class ApiKeys {

	private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private final JdbcClient jdbc;

	private final SecureRandom random = new SecureRandom();

	ApiKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates a key for the partner and returns it in plain text: the only time it is
	 * visible.
	 */
	String create(long partnerId, String label, Instant now) {
		String prefix = randomText(10);
		String key = "gk_" + prefix + "_" + randomText(32);
		this.jdbc.sql("INSERT INTO api_key (partner_id, prefix, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(partnerId, prefix, sha256(key), label, now.toEpochMilli())
			.update();
		return key;
	}

	/**
	 * The partner owning this key, when the key is well formed, known and not revoked.
	 */
	Optional<Long> authenticate(String key) {
		String[] parts = key.split("_", -1);
		if (parts.length != 3 || !parts[0].equals("gk") || parts[1].isEmpty()) {
			return Optional.empty();
		}
		byte[] presented = sha256(key).getBytes(StandardCharsets.US_ASCII);
		return this.jdbc.sql("SELECT partner_id, key_hash FROM api_key WHERE prefix = ? AND revoked_at IS NULL")
			.param(parts[1])
			.query((rs,
					row) -> MessageDigest.isEqual(presented,
							rs.getString("key_hash").getBytes(StandardCharsets.US_ASCII)) ? rs.getLong("partner_id")
									: null)
			.list()
			.stream()
			.filter(id -> id != null)
			.findFirst();
	}

	private String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
