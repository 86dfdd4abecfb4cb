package io.gratitude.sale;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.gratitude.contact.Relationship;
import io.gratitude.system.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The sale store. Every finder is scoped to a partner. */
@Repository
public class Sales {

	private static final String COLUMNS = "id, partner_id, contact_id, external_ref, amount, currency, occurred_at, description";

	private static final String INSERT = """
			INSERT INTO sale (partner_id, contact_id, external_ref, amount, currency, occurred_at, description,
			                  request_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	/** Most values in one IN list: see {@link #slices}. */
	static final int IN_LIST = 100;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	Sales(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/** The partner's sale with this id. */
	public Optional<Sale> findById(long partnerId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM sale WHERE partner_id = ? AND id = ?")
			.params(partnerId, id)
			.query(Sales::map)
			.optional();
	}

	/** How many purchases of this contact are recorded. */
	public int countByContact(long partnerId, long contactId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM sale WHERE partner_id = ? AND contact_id = ?")
			.params(partnerId, contactId)
			.query(Integer.class)
			.single();
	}

	/** The contact's latest sales, latest first, at most {@code limit}. */
	public List<Sale> findByContact(long partnerId, long contactId, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM sale WHERE partner_id = ? AND contact_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?")
			.params(partnerId, contactId, limit)
			.query(Sales::map)
			.list();
	}

	/** The contact's lifetime spend in each currency it bought in. */
	public Map<String, BigDecimal> spendByCurrency(long partnerId, long contactId) {
		Map<String, BigDecimal> spend = new TreeMap<>();
		this.jdbc.sql("""
				SELECT currency, SUM(amount) AS total FROM sale WHERE partner_id = ? AND contact_id = ?
				GROUP BY currency""")
			.params(partnerId, contactId)
			.query((rs, row) -> Map.entry(rs.getString("currency"), rs.getBigDecimal("total")))
			.list()
			.forEach(e -> spend.put(e.getKey(), e.getValue()));
		return spend;
	}

	/**
	 * What a contact bought: how many sales, and the lifetime spend in each currency.
	 */
	public record Purchases(int count, Map<String, BigDecimal> spendByCurrency) {

		public Purchases {
			spendByCurrency = Map.copyOf(spendByCurrency);
		}

	}

	/**
	 * {@link #countByContact} and {@link #spendByCurrency} of each of these contacts in
	 * one query, for those who bought at all.
	 */
	public Map<Long, Purchases> purchasesByContact(long partnerId, Collection<Long> contactIds) {
		if (contactIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Integer> counts = new HashMap<>();
		Map<Long, Map<String, BigDecimal>> spend = new HashMap<>();
		for (List<Long> slice : slices(contactIds)) {
			this.jdbc.sql("""
					SELECT contact_id, currency, COUNT(*) AS n, SUM(amount) AS total FROM sale
					WHERE partner_id = :partner AND contact_id IN (:contacts) GROUP BY contact_id, currency""")
				.param("partner", partnerId)
				.param("contacts", slice)
				.query(rs -> {
					long contactId = rs.getLong("contact_id");
					counts.merge(contactId, rs.getInt("n"), Integer::sum);
					spend.computeIfAbsent(contactId, (id) -> new TreeMap<>())
						.put(rs.getString("currency"), rs.getBigDecimal("total"));
				});
		}
		Map<Long, Purchases> purchases = new HashMap<>();
		counts.forEach((contactId, count) -> purchases.put(contactId, new Purchases(count, spend.get(contactId))));
		return purchases;
	}

	/** When the contact first bought, if ever. */
	public Optional<Instant> firstSaleAt(long partnerId, long contactId) {
		return this.jdbc
			.sql("SELECT occurred_at FROM sale WHERE partner_id = ? AND contact_id = ? ORDER BY occurred_at LIMIT 1")
			.params(partnerId, contactId)
			.query(Long.class)
			.optional()
			.map(Instant::ofEpochMilli);
	}

	/**
	 * The partner's live customers (not clients) whose first purchase was before
	 * {@code before}: those a tenure rule promotes.
	 */
	public List<Long> customersFirstBuyingBefore(long partnerId, Instant before) {
		return this.jdbc.sql("""
				SELECT s.contact_id FROM sale s JOIN contact c ON c.id = s.contact_id
				WHERE s.partner_id = ? AND c.relationship = 'CUSTOMER' AND c.erased_at IS NULL
				GROUP BY s.contact_id HAVING MIN(s.occurred_at) < ?""")
			.params(partnerId, before.toEpochMilli())
			.query(Long.class)
			.list();
	}

	/** A client's latest activity as the at-risk review reads it. */
	public record ClientActivity(long contactId, @Nullable LocalDate clientSince, @Nullable Instant lastSaleAt) {
	}

	/**
	 * The partner's live clients with their client-since date and latest sale, leaving
	 * out {@code except} (those at risk already).
	 */
	public List<ClientActivity> clientActivity(long partnerId, Collection<Long> except) {
		return this.jdbc.sql("""
				SELECT c.id, c.client_since, MAX(s.occurred_at) AS last_at
				FROM contact c LEFT JOIN sale s ON s.contact_id = c.id AND s.partner_id = c.partner_id
				WHERE c.partner_id = ? AND c.relationship = 'CLIENT' AND c.erased_at IS NULL
				GROUP BY c.id, c.client_since""").param(partnerId).query((rs, row) -> {
			long last = rs.getLong("last_at");
			Instant lastAt = rs.wasNull() ? null : Instant.ofEpochMilli(last);
			return new ClientActivity(rs.getLong("id"), rs.getObject("client_since", LocalDate.class), lastAt);
		}).list().stream().filter(a -> !except.contains(a.contactId())).toList();
	}

	/** When each of these contacts last bought, for those who bought at all. */
	public Map<Long, Instant> lastSaleAt(long partnerId, Collection<Long> contactIds) {
		if (contactIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Instant> last = new HashMap<>();
		this.jdbc.sql("""
				SELECT contact_id, MAX(occurred_at) AS last_at FROM sale
				WHERE partner_id = :partner AND contact_id IN (:contacts) GROUP BY contact_id""")
			.param("partner", partnerId)
			.param("contacts", List.copyOf(contactIds))
			.query((rs, row) -> Map.entry(rs.getLong("contact_id"), Instant.ofEpochMilli(rs.getLong("last_at"))))
			.list()
			.forEach(entry -> last.put(entry.getKey(), entry.getValue()));
		return last;
	}

	record Stored(Sale sale, String fingerprint) {
	}

	/** A sale with its contact's reference, as the API shows it. */
	record Listed(Sale sale, String contactRef) {
	}

	private static final String LISTED = """
			SELECT s.id, s.partner_id, s.contact_id, s.external_ref, s.amount, s.currency, s.occurred_at,
			       s.description, c.external_ref AS contact_ref
			FROM sale s JOIN contact c ON c.id = s.contact_id
			WHERE s.partner_id = :partner""";

	/** The partner's sale with this reference, with its contact's. */
	Optional<Listed> findListed(long partnerId, String externalRef) {
		return this.jdbc.sql(LISTED + " AND s.external_ref = :ref")
			.param("partner", partnerId)
			.param("ref", externalRef)
			.query((rs, row) -> new Listed(map(rs, row), rs.getString("contact_ref")))
			.optional();
	}

	/**
	 * The partner's sales, latest first, optionally of one contact and within
	 * {@code from <= occurredAt < to}.
	 */
	List<Listed> find(long partnerId, @Nullable String contactRef, @Nullable Instant from, @Nullable Instant to,
			Page.Request page) {
		return filtered(LISTED, partnerId, contactRef, from, to,
				" ORDER BY s.occurred_at DESC, s.id DESC LIMIT :limit OFFSET :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.query((rs, row) -> new Listed(map(rs, row), rs.getString("contact_ref")))
			.list();
	}

	/** How many of the partner's sales match. */
	long count(long partnerId, @Nullable String contactRef, @Nullable Instant from, @Nullable Instant to) {
		return filtered(
				"SELECT COUNT(*) FROM sale s JOIN contact c ON c.id = s.contact_id WHERE s.partner_id = :partner",
				partnerId, contactRef, from, to, "")
			.query(Long.class)
			.single();
	}

	private JdbcClient.StatementSpec filtered(String select, long partnerId, @Nullable String contactRef,
			@Nullable Instant from, @Nullable Instant to, String tail) {
		StringBuilder sql = new StringBuilder(select);
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("partner", partnerId);
		if (contactRef != null) {
			sql.append(" AND c.external_ref = :contactRef");
			params.put("contactRef", contactRef);
		}
		if (from != null) {
			sql.append(" AND s.occurred_at >= :from");
			params.put("from", from.toEpochMilli());
		}
		if (to != null) {
			sql.append(" AND s.occurred_at < :to");
			params.put("to", to.toEpochMilli());
		}
		return this.jdbc.sql(sql.append(tail).toString()).params(params);
	}

	Optional<Stored> findByRef(long partnerId, String externalRef) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", request_hash FROM sale WHERE partner_id = ? AND external_ref = ?")
			.params(partnerId, externalRef)
			.query((rs, row) -> new Stored(map(rs, row), rs.getString("request_hash")))
			.optional();
	}

	/**
	 * The partner's stored sales under these references, by reference: a replay's answer
	 * and the fingerprint that tells a replay from a conflict.
	 */
	Map<String, Stored> findByRefs(long partnerId, Collection<String> externalRefs) {
		if (externalRefs.isEmpty()) {
			return Map.of();
		}
		Map<String, Stored> byRef = new HashMap<>();
		for (List<String> slice : slices(externalRefs)) {
			this.jdbc.sql("SELECT " + COLUMNS + ", request_hash FROM sale WHERE (partner_id, external_ref) IN (:keys)")
				.param("keys", keys(partnerId, slice))
				.query((rs, row) -> new Stored(map(rs, row), rs.getString("request_hash")))
				.list()
				.forEach(stored -> byRef.put(stored.sale().externalRef(), stored));
		}
		return byRef;
	}

	/**
	 * The partner's contacts with these references (an erased contact's being
	 * {@code erased-<id>}) as the listeners of a sale see them, by reference.
	 */
	Map<String, Buyer> buyersByRef(long partnerId, Collection<String> contactRefs) {
		Map<String, Buyer> buyers = new HashMap<>();
		for (List<String> slice : slices(contactRefs)) {
			this.jdbc.sql("""
					SELECT id, external_ref, relationship, time_zone, erased_at FROM contact
					WHERE (partner_id, external_ref) IN (:keys)""")
				.param("keys", keys(partnerId, slice))
				.query((rs, row) -> Map.entry(rs.getString("external_ref"), buyer(rs)))
				.list()
				.forEach(entry -> buyers.put(entry.getKey(), entry.getValue()));
		}
		return buyers;
	}

	/**
	 * (partner, reference) pairs for a row-value IN: unlike {@code partner_id = ? AND
	 * external_ref IN (...)}, H2 looks each pair up in the (partner_id, external_ref)
	 * unique index instead of scanning all of the partner's rows (it uses an IN list on
	 * the first column of an index only). MySQL reads both as ranges of that index.
	 */
	private static List<Object[]> keys(long partnerId, Collection<String> refs) {
		return refs.stream().map(ref -> new Object[] { partnerId, ref }).toList();
	}

	/**
	 * The values in lists of at most {@value #IN_LIST}, one query each. H2 checks every
	 * row an index lookup finds against the whole IN list again, value by value: a list
	 * of n values costs about n², and ten lists of a hundred cost a tenth of one of a
	 * thousand.
	 */
	static <T> List<List<T>> slices(Collection<T> values) {
		List<T> all = List.copyOf(values);
		List<List<T>> slices = new ArrayList<>();
		for (int from = 0; from < all.size(); from += IN_LIST) {
			slices.add(all.subList(from, Math.min(from + IN_LIST, all.size())));
		}
		return slices;
	}

	/**
	 * The partner's contacts with these ids as the listeners of a sale see them, by id.
	 */
	Map<Long, Buyer> buyers(long partnerId, Collection<Long> contactIds) {
		Map<Long, Buyer> buyers = new HashMap<>();
		for (List<Long> slice : slices(contactIds)) {
			this.jdbc.sql("""
					SELECT id, relationship, time_zone, erased_at FROM contact
					WHERE partner_id = :partner AND id IN (:ids)""")
				.param("partner", partnerId)
				.param("ids", slice)
				.query((rs, row) -> buyer(rs))
				.list()
				.forEach(buyer -> buyers.put(buyer.contactId(), buyer));
		}
		return buyers;
	}

	private static Buyer buyer(ResultSet rs) throws SQLException {
		return new Buyer(rs.getLong("id"), Relationship.valueOf(rs.getString("relationship")),
				rs.getString("time_zone"), rs.getObject("erased_at") != null);
	}

	/** A sale to insert, for a contact found by its reference. */
	record Insertion(long contactId, NewSale sale) {
	}

	/**
	 * Inserts the sales with one JDBC batch (one round trip on MySQL with
	 * {@code rewriteBatchedStatements}).
	 * @return the sales as recorded, in the same order, as {@link #findById} would read
	 * them
	 */
	List<Sale> insertAll(long partnerId, List<Insertion> insertions, Instant now) {
		if (insertions.isEmpty()) {
			return List.of();
		}
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.batch.batchUpdate((connection) -> connection.prepareStatement(INSERT, new String[] { "id" }),
				new BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement statement, int i) throws SQLException {
						Insertion insertion = insertions.get(i);
						NewSale sale = insertion.sale();
						statement.setLong(1, partnerId);
						statement.setLong(2, insertion.contactId());
						statement.setString(3, sale.externalRef());
						statement.setBigDecimal(4, sale.amount());
						statement.setString(5, sale.currency());
						statement.setLong(6, sale.occurredAt().toEpochMilli());
						statement.setString(7, sale.description());
						statement.setString(8, sale.fingerprint());
						statement.setLong(9, now.toEpochMilli());
					}

					@Override
					public int getBatchSize() {
						return insertions.size();
					}

				}, keys);
		List<Map<String, Object>> generated = keys.getKeyList();
		if (generated.size() != insertions.size()) {
			throw new IllegalStateException(
					"the database returned " + generated.size() + " keys for " + insertions.size() + " sales");
		}
		List<Sale> recorded = new ArrayList<>(insertions.size());
		for (int i = 0; i < insertions.size(); i++) {
			Insertion insertion = insertions.get(i);
			NewSale sale = insertion.sale();
			long id = ((Number) generated.get(i).values().iterator().next()).longValue();
			recorded.add(new Sale(id, partnerId, insertion.contactId(), sale.externalRef(), shown(sale.amount()),
					sale.currency(), Instant.ofEpochMilli(sale.occurredAt().toEpochMilli()), sale.description()));
		}
		return recorded;
	}

	private static Sale map(ResultSet rs, int row) throws SQLException {
		return new Sale(rs.getLong("id"), rs.getLong("partner_id"), rs.getLong("contact_id"),
				rs.getString("external_ref"), shown(rs.getBigDecimal("amount")), rs.getString("currency"),
				Instant.ofEpochMilli(rs.getLong("occurred_at")), rs.getString("description"));
	}

	/**
	 * An amount as the API shows it: at least two decimals, at most the four stored, no
	 * trailing zeros beyond the second.
	 */
	private static BigDecimal shown(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 2) ? amount.setScale(2) : stripped;
	}

}
