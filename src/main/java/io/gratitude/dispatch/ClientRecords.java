package io.gratitude.dispatch;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.gratitude.contact.Contact;
import io.gratitude.contact.RelationshipChange;
import io.gratitude.contact.RelationshipHistory;
import io.gratitude.sale.Sale;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the template model says of a contact's relationship with the partner: its history,
 * purchases, spend and whether it is at risk. Read for many contacts at once (a dispatch
 * batch) in a fixed number of queries: the purchases straight from the sale table,
 * grouped in SQL, so that their cost follows the number of contacts, not of their sales.
 */
@Component
public class ClientRecords {

	private static final String SALE_COLUMNS = "s.id, s.partner_id, s.contact_id, s.external_ref, s.amount, s.currency, s.occurred_at, s.description";

	private final RelationshipHistory history;

	private final JdbcClient jdbc;

	ClientRecords(RelationshipHistory history, JdbcClient jdbc) {
		this.history = history;
		this.jdbc = jdbc;
	}

	/** A contact's relationship with the partner, as the template model shows it. */
	record ClientRecord(List<RelationshipChange> history, int purchaseCount, Map<String, BigDecimal> spend,
			@Nullable Sale lastPurchase, @Nullable Instant firstPurchaseAt, boolean atRisk) {
	}

	/** One contact's record. */
	public ClientRecord of(Contact contact) {
		return of(contact.partnerId(), List.of(contact.id())).get(contact.id());
	}

	/**
	 * The records of these contacts of the partner, by contact id, one for each id (an
	 * empty record for a contact without sales or history). Five queries whatever the
	 * number of contacts.
	 */
	public Map<Long, ClientRecord> of(long partnerId, Collection<Long> contactIds) {
		Map<Long, ClientRecord> records = new HashMap<>();
		if (contactIds.isEmpty()) {
			return records;
		}
		Map<Long, Purchases> purchases = purchases(partnerId, contactIds);
		Map<Long, List<RelationshipChange>> histories = this.history.findByContacts(partnerId, contactIds);
		Set<Long> atRisk = this.history.atRiskAmong(partnerId, contactIds);
		for (long id : contactIds) {
			Purchases bought = purchases.getOrDefault(id, new Purchases());
			records.put(id, new ClientRecord(histories.getOrDefault(id, List.of()), bought.count, bought.spend,
					bought.last, bought.first, atRisk.contains(id)));
		}
		return records;
	}

	/** The partner's sales with these ids, by id; other partners' are left out. */
	Map<Long, Sale> sales(long partnerId, Collection<Long> saleIds) {
		Map<Long, Sale> sales = new HashMap<>();
		if (saleIds.isEmpty()) {
			return sales;
		}
		this.jdbc.sql("SELECT " + SALE_COLUMNS + " FROM sale s WHERE s.partner_id = :partner AND s.id IN (:ids)")
			.param("partner", partnerId)
			.param("ids", saleIds)
			.query(ClientRecords::sale)
			.list()
			.forEach(sale -> sales.put(sale.id(), sale));
		return sales;
	}

	/** A contact's purchases, summed up. */
	private static final class Purchases {

		int count;

		final Map<String, BigDecimal> spend = new TreeMap<>();

		@Nullable Instant first;

		@Nullable Sale last;

	}

	/**
	 * Counts, spend by currency and first purchase from one grouped query; the latest
	 * purchase (by time, then id, as the sales list shows it) from a second, through the
	 * (contact, occurred) index.
	 */
	private Map<Long, Purchases> purchases(long partnerId, Collection<Long> contactIds) {
		Map<Long, Purchases> purchases = new HashMap<>();
		this.jdbc.sql("""
				SELECT contact_id, currency, COUNT(*) AS n, SUM(amount) AS total, MIN(occurred_at) AS first_at
				FROM sale WHERE partner_id = :partner AND contact_id IN (:contacts)
				GROUP BY contact_id, currency""")
			.param("partner", partnerId)
			.param("contacts", contactIds)
			.query((rs, row) -> {
				Purchases bought = purchases.computeIfAbsent(rs.getLong("contact_id"), id -> new Purchases());
				bought.count += rs.getInt("n");
				bought.spend.put(rs.getString("currency"), rs.getBigDecimal("total"));
				Instant first = Instant.ofEpochMilli(rs.getLong("first_at"));
				if (bought.first == null || first.isBefore(bought.first)) {
					bought.first = first;
				}
				return bought;
			})
			.list();
		if (purchases.isEmpty()) {
			return purchases;
		}
		this.jdbc.sql("SELECT " + SALE_COLUMNS + """

				FROM sale s JOIN (SELECT contact_id, MAX(occurred_at) AS last_at FROM sale
				                  WHERE partner_id = :partner AND contact_id IN (:contacts) GROUP BY contact_id) m
				  ON m.contact_id = s.contact_id AND m.last_at = s.occurred_at
				WHERE s.partner_id = :partner""")
			.param("partner", partnerId)
			.param("contacts", purchases.keySet())
			.query(ClientRecords::sale)
			.list()
			.forEach(sale -> {
				Purchases bought = purchases.get(sale.contactId());
				if (bought != null && (bought.last == null || sale.id() > bought.last.id())) {
					bought.last = sale;
				}
			});
		return purchases;
	}

	/**
	 * A sale row, its amount scaled as {@code Sales} reads it (at least two decimals).
	 */
	private static Sale sale(ResultSet rs, int row) throws SQLException {
		BigDecimal amount = rs.getBigDecimal("amount");
		return new Sale(rs.getLong("id"), rs.getLong("partner_id"), rs.getLong("contact_id"),
				rs.getString("external_ref"),
				(amount.stripTrailingZeros().scale() < 2) ? amount.setScale(2) : amount.stripTrailingZeros(),
				rs.getString("currency"), Instant.ofEpochMilli(rs.getLong("occurred_at")), rs.getString("description"));
	}

}
