package io.gratitude.sale;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The sale store. Every finder is scoped to a partner. */
@Repository
public class Sales {

	private static final String COLUMNS = "id, partner_id, contact_id, external_ref, amount, currency, occurred_at, description";

	private final JdbcClient jdbc;

	Sales(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

	record Stored(Sale sale, String fingerprint) {
	}

	Optional<Stored> findByRef(long partnerId, String externalRef) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", request_hash FROM sale WHERE partner_id = ? AND external_ref = ?")
			.params(partnerId, externalRef)
			.query((rs, row) -> new Stored(map(rs, row), rs.getString("request_hash")))
			.optional();
	}

	long insert(long partnerId, long contactId, NewSale sale, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO sale (partner_id, contact_id, external_ref, amount, currency, occurred_at, description,
				                  request_hash, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, contactId, sale.externalRef(), sale.amount(), sale.currency(),
					sale.occurredAt().toEpochMilli(), sale.description(), sale.fingerprint(), now.toEpochMilli())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	private static Sale map(ResultSet rs, int row) throws SQLException {
		BigDecimal amount = rs.getBigDecimal("amount");
		return new Sale(rs.getLong("id"), rs.getLong("partner_id"), rs.getLong("contact_id"),
				rs.getString("external_ref"),
				amount.stripTrailingZeros().scale() < 2 ? amount.setScale(2) : amount.stripTrailingZeros(),
				rs.getString("currency"), Instant.ofEpochMilli(rs.getLong("occurred_at")), rs.getString("description"));
	}

}
