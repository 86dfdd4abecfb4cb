package io.gratitude.suppression;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gratitude.system.ErasedValues;
import io.gratitude.system.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Addresses that must get nothing from a partner: unsubscribed, hard-bounced or
 * complained, or suppressed by hand. Addresses are kept stripped and lower-cased, so
 * every look-up is case-insensitive.
 */
@Repository
public class Suppressions {

	/** The reasons an address can be suppressed for. */
	public static final List<String> REASONS = List.of("manual", "unsubscribed", "hard_bounce", "complaint");

	private final JdbcClient jdbc;

	private final ErasedValues erasedValues;

	Suppressions(JdbcClient jdbc, ErasedValues erasedValues) {
		this.jdbc = jdbc;
		this.erasedValues = erasedValues;
	}

	/** Whether the partner must not write to this address. */
	public boolean isSuppressed(long partnerId, String email) {
		return this.jdbc.sql("SELECT COUNT(*) FROM suppression WHERE partner_id = :partner AND email IN (:emails)")
			.param("partner", partnerId)
			.param("emails", forms(partnerId, email))
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Keeps the address suppressed without keeping the address, when the person it
	 * belonged to is erased: the entry's address becomes its keyed digest (see
	 * {@link ErasedValues}), which every look-up by address still finds. The entry keeps
	 * its reason and time; lists show the digest in place of the address.
	 */
	public void eraseAddress(long partnerId, String email) {
		this.jdbc.sql("UPDATE suppression SET email = ? WHERE partner_id = ? AND email = ?")
			.params(erasedForm(partnerId, email), partnerId, normalize(email))
			.update();
	}

	/** How an erased person's address is kept: its keyed digest, per partner. */
	private String erasedForm(long partnerId, String email) {
		return this.erasedValues.keyed(erasedValue(partnerId, email));
	}

	/**
	 * Every keyed digest an erased person's address may be kept as (see ErasedValues).
	 */
	private List<String> erasedForms(long partnerId, String email) {
		return this.erasedValues.keyedForms(erasedValue(partnerId, email));
	}

	/** The address as stored in plain, then every keyed digest it may be kept as. */
	private List<String> forms(long partnerId, String email) {
		List<String> forms = new ArrayList<>();
		forms.add(normalize(email));
		forms.addAll(erasedForms(partnerId, email));
		return forms;
	}

	private static String erasedValue(long partnerId, String email) {
		return "suppression:" + partnerId + ":" + normalize(email);
	}

	/**
	 * Which of these addresses the partner must not write to, as given (the dispatcher
	 * checks a batch's recipients with one query).
	 */
	public Set<String> suppressedAmong(long partnerId, Collection<String> emails) {
		Map<String, List<String>> byNormalized = new HashMap<>();
		for (String email : emails) {
			byNormalized.computeIfAbsent(normalize(email), key -> new ArrayList<>()).add(email);
			for (String erased : erasedForms(partnerId, email)) {
				byNormalized.computeIfAbsent(erased, key -> new ArrayList<>()).add(email);
			}
		}
		Set<String> suppressed = new HashSet<>();
		if (byNormalized.isEmpty()) {
			return suppressed;
		}
		// As (partner, email) pairs, so that H2 too looks each one up in the unique index
		// instead of reading the partner's whole list.
		this.jdbc.sql("SELECT email FROM suppression WHERE (partner_id, email) IN (:pairs)")
			.param("pairs", byNormalized.keySet().stream().map(email -> new Object[] { partnerId, email }).toList())
			.query(String.class)
			.list()
			.forEach(email -> suppressed.addAll(byNormalized.getOrDefault(email, List.of())));
		return suppressed;
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

	/** One suppressed address. */
	public record Entry(long id, String email, String reason, Instant createdAt) {
	}

	/** The outcome of {@link #add}: the entry, and whether this call created it. */
	public record Added(Entry entry, boolean created) {
	}

	/** A list filter: by reason, by text in the address (case-insensitive). */
	public record Filter(@Nullable String reason, @Nullable String text) {
	}

	/** The partner's entry for this address, if it is suppressed. */
	public Optional<Entry> find(long partnerId, String email) {
		return this.jdbc.sql("""
				SELECT id, email, reason, created_at FROM suppression WHERE partner_id = :partner AND email IN (:emails)
				ORDER BY id LIMIT 1""")
			.param("partner", partnerId)
			.param("emails", forms(partnerId, email))
			.query(Suppressions::entry)
			.optional();
	}

	/**
	 * Suppresses the address unless it is already; the existing entry (and its first
	 * reason) is kept then.
	 */
	public Added add(long partnerId, String email, String reason, Instant at) {
		Optional<Entry> existing = find(partnerId, email);
		if (existing.isPresent()) {
			return new Added(existing.get(), false);
		}
		try {
			this.jdbc.sql("INSERT INTO suppression (partner_id, email, reason, created_at) VALUES (?, ?, ?, ?)")
				.params(partnerId, normalize(email), reason, at.toEpochMilli())
				.update();
			return new Added(find(partnerId, email).orElseThrow(), true);
		}
		catch (DuplicateKeyException ex) {
			// A concurrent request suppressed it first: its entry stands.
			return new Added(find(partnerId, email).orElseThrow(), false);
		}
	}

	/**
	 * Takes the address off the list.
	 * @return whether it was on it
	 */
	public boolean remove(long partnerId, String email) {
		return this.jdbc.sql("DELETE FROM suppression WHERE partner_id = :partner AND email IN (:emails)")
			.param("partner", partnerId)
			.param("emails", forms(partnerId, email))
			.update() > 0;
	}

	/** One page of the partner's entries, newest first. */
	public List<Entry> find(long partnerId, Filter filter, Page.Request page) {
		return filtered("SELECT id, email, reason, created_at", partnerId, filter,
				" ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.query(Suppressions::entry)
			.list();
	}

	/** How many entries match the filter. */
	public long count(long partnerId, Filter filter) {
		return filtered("SELECT COUNT(*)", partnerId, filter, "").query(Long.class).single();
	}

	private JdbcClient.StatementSpec filtered(String select, long partnerId, Filter filter, String tail) {
		StringBuilder sql = new StringBuilder(select).append(" FROM suppression WHERE partner_id = :partner");
		if (filter.reason() != null) {
			sql.append(" AND reason = :reason");
		}
		if (filter.text() != null) {
			// '!' as the LIKE escape: a backslash means different things in H2 and MySQL
			// string literals. Addresses are stored lower-cased.
			sql.append(" AND email LIKE :text ESCAPE '!'");
		}
		JdbcClient.StatementSpec spec = this.jdbc.sql(sql.append(tail).toString()).param("partner", partnerId);
		if (filter.reason() != null) {
			spec = spec.param("reason", filter.reason());
		}
		if (filter.text() != null) {
			String escaped = filter.text()
				.toLowerCase(Locale.ROOT)
				.replace("!", "!!")
				.replace("%", "!%")
				.replace("_", "!_");
			spec = spec.param("text", "%" + escaped + "%");
		}
		return spec;
	}

	private static Entry entry(ResultSet rs, int row) throws SQLException {
		return new Entry(rs.getLong("id"), rs.getString("email"), rs.getString("reason"),
				Instant.ofEpochMilli(rs.getLong("created_at")));
	}

	private static String normalize(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

}
