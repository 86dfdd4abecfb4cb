package io.gratitude.partner;

import io.gratitude.system.HmacSha256;
import io.gratitude.system.InstanceSecrets;
import io.gratitude.system.Page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A partner's API keys. A key is {@code gk_<prefix>_<secret>}; only its HMAC-SHA256 under
 * the service's key-hashing secret ({@code gratitude.api-keys.secret}, else generated
 * once into the database) is stored, found by its public prefix and compared in constant
 * time: a copy of the table alone does not let anyone test guesses. Keys stored as plain
 * SHA-256 by earlier versions still authenticate and are rehashed on first use. The plain
 * key exists once, in the answer to its creation. Revoked keys stay listed (with their
 * revocation time) and never authenticate again.
 */
@Component
public class ApiKeys {

	private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private static final String COLUMNS = "prefix, label, created_at, last_used_at, revoked_at";

	/**
	 * How stale {@code last_used_at} may get: authenticating writes it at most once per
	 * key and interval, not on every request.
	 */
	static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final HmacSha256 hashing;

	ApiKeys(JdbcClient jdbc, Clock clock, @Value("${gratitude.api-keys.secret:}") String configuredSecret) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.hashing = new HmacSha256(configuredSecret.isBlank()
				? InstanceSecrets.storedOrGenerated(jdbc, clock, "api-keys") : configuredSecret.strip());
	}

	/** A key as it is listed: never the key itself nor its hash. */
	public record ApiKey(String prefix, String label, Instant createdAt, @Nullable Instant lastUsedAt,
			@Nullable Instant revokedAt) {

		public boolean active() {
			return this.revokedAt == null;
		}

	}

	/** A key just created: the plain {@code key} is in this value only. */
	public record IssuedKey(String key, String prefix, String label, Instant createdAt) {
	}

	/**
	 * Creates a key for the partner and returns it in plain text: the only time it is
	 * visible.
	 */
	IssuedKey create(long partnerId, String label, Instant now) {
		String prefix = randomText(10);
		String key = "gk_" + prefix + "_" + randomText(32);
		this.jdbc.sql("INSERT INTO api_key (partner_id, prefix, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(partnerId, prefix, hash(key), label, now.toEpochMilli())
			.update();
		return new IssuedKey(key, prefix, label, now);
	}

	/**
	 * The partner owning this key, when the key is well formed, known and not revoked.
	 * Records the use (at most once per {@link #LAST_USED_PRECISION}).
	 */
	/** The public prefix of a key of the {@code gk_<prefix>_<secret>} form. */
	static String prefixOf(String key) {
		String[] parts = key.split("_", -1);
		return (parts.length == 3) ? parts[1] : "";
	}

	Optional<Long> authenticate(String key) {
		String[] parts = key.split("_", -1);
		if (parts.length != 3 || !parts[0].equals("gk") || parts[1].isEmpty()) {
			return Optional.empty();
		}
		byte[] presented = hash(key).getBytes(StandardCharsets.US_ASCII);
		byte[] legacy = sha256(key).getBytes(StandardCharsets.US_ASCII);
		Optional<Known> known = this.jdbc
			.sql("SELECT id, partner_id, key_hash, last_used_at FROM api_key WHERE prefix = ? AND revoked_at IS NULL")
			.param(parts[1])
			.query((rs, row) -> new Known(rs.getLong("id"), rs.getLong("partner_id"), rs.getString("key_hash"),
					rs.getObject("last_used_at", Long.class)))
			.list()
			.stream()
			.filter(candidate -> MessageDigest.isEqual(presented,
					candidate.keyHash().getBytes(StandardCharsets.US_ASCII))
					| MessageDigest.isEqual(legacy, candidate.keyHash().getBytes(StandardCharsets.US_ASCII)))
			.findFirst();
		known.ifPresent(this::recordUse);
		known
			.filter((candidate) -> !MessageDigest.isEqual(presented,
					candidate.keyHash().getBytes(StandardCharsets.US_ASCII)))
			.ifPresent((candidate) -> this.jdbc.sql("UPDATE api_key SET key_hash = ? WHERE id = ? AND key_hash = ?")
				.params(hash(key), candidate.id(), candidate.keyHash())
				.update());
		return known.map(Known::partnerId);
	}

	private void recordUse(Known known) {
		long now = this.clock.millis();
		if (known.lastUsedAt() == null || known.lastUsedAt() <= now - LAST_USED_PRECISION.toMillis()) {
			this.jdbc.sql("UPDATE api_key SET last_used_at = ? WHERE id = ?").params(now, known.id()).update();
		}
	}

	private record Known(long id, long partnerId, String keyHash, @Nullable Long lastUsedAt) {
	}

	/** One page of the partner's keys, revoked ones included, oldest first. */
	public List<ApiKey> findPage(long partnerId, Page.Request page) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_key WHERE partner_id = ? ORDER BY id LIMIT ? OFFSET ?")
			.params(partnerId, page.size(), page.offset())
			.query(ApiKeys::map)
			.list();
	}

	/** How many keys the partner has, revoked ones included. */
	public long count(long partnerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM api_key WHERE partner_id = ?")
			.param(partnerId)
			.query(Long.class)
			.single();
	}

	/** How many of the partner's keys still authenticate. */
	long countActive(long partnerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM api_key WHERE partner_id = ? AND revoked_at IS NULL")
			.param(partnerId)
			.query(Long.class)
			.single();
	}

	/** The partner's key with this prefix; empty for another partner's key. */
	public Optional<ApiKey> find(long partnerId, String prefix) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_key WHERE partner_id = ? AND prefix = ?")
			.params(partnerId, prefix)
			.query(ApiKeys::map)
			.optional();
	}

	/**
	 * Revokes the key at {@code now}; a key already revoked keeps its first revocation.
	 */
	void revoke(long partnerId, String prefix, Instant now) {
		this.jdbc.sql("UPDATE api_key SET revoked_at = ? WHERE partner_id = ? AND prefix = ? AND revoked_at IS NULL")
			.params(now.toEpochMilli(), partnerId, prefix)
			.update();
	}

	private static ApiKey map(ResultSet rs, int row) throws SQLException {
		Long lastUsed = rs.getObject("last_used_at", Long.class);
		Long revoked = rs.getObject("revoked_at", Long.class);
		return new ApiKey(rs.getString("prefix"), rs.getString("label"), Instant.ofEpochMilli(rs.getLong("created_at")),
				(lastUsed != null) ? Instant.ofEpochMilli(lastUsed) : null,
				(revoked != null) ? Instant.ofEpochMilli(revoked) : null);
	}

	private String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	/** The stored form of a key: its HMAC-SHA256 under the key-hashing secret, in hex. */
	String hash(String key) {
		return HexFormat.of().formatHex(this.hashing.sign(key));
	}

	/** How earlier versions stored keys: plain SHA-256, in hex. */
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
