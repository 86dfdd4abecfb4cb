package io.gratitude.lifecycle;

import java.math.BigDecimal;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The store of each partner's {@link PromotionRules}: one row per partner, or none for
 * {@link PromotionRules#DEFAULT}.
 */
@Repository
public class LifecycleRules {

	private final JdbcClient jdbc;

	LifecycleRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The partner's rules, the defaults when it never set any. */
	public PromotionRules find(long partnerId) {
		return this.jdbc.sql("""
				SELECT min_purchases, min_spend, spend_currency, min_tenure_months, at_risk_days
				FROM lifecycle_rule WHERE partner_id = ?""").param(partnerId).query((rs, row) -> {
			int purchases = rs.getInt("min_purchases");
			Integer minPurchases = rs.wasNull() ? null : purchases;
			int tenure = rs.getInt("min_tenure_months");
			Integer minTenure = rs.wasNull() ? null : tenure;
			BigDecimal spend = rs.getBigDecimal("min_spend");
			return new PromotionRules(minPurchases, (spend != null) ? spend.stripTrailingZeros() : null,
					rs.getString("spend_currency"), minTenure, rs.getInt("at_risk_days"));
		}).optional().orElse(PromotionRules.DEFAULT);
	}

	/** Replaces the partner's rules. */
	@Transactional
	public void save(long partnerId, PromotionRules rules, Instant now) {
		if (update(partnerId, rules, now) == 0) {
			try {
				this.jdbc
					.sql("""
							INSERT INTO lifecycle_rule (partner_id, min_purchases, min_spend, spend_currency, min_tenure_months,
							                            at_risk_days, updated_at)
							VALUES (?, ?, ?, ?, ?, ?, ?)""")
					.params(partnerId, rules.minPurchases(), rules.minSpend(), rules.spendCurrency(),
							rules.minTenureMonths(), rules.atRiskDays(), now.toEpochMilli())
					.update();
			}
			catch (DuplicateKeyException ex) {
				update(partnerId, rules, now);
			}
		}
	}

	private int update(long partnerId, PromotionRules rules, Instant now) {
		return this.jdbc.sql("""
				UPDATE lifecycle_rule SET min_purchases = ?, min_spend = ?, spend_currency = ?, min_tenure_months = ?,
				                          at_risk_days = ?, updated_at = ?
				WHERE partner_id = ?""")
			.params(rules.minPurchases(), rules.minSpend(), rules.spendCurrency(), rules.minTenureMonths(),
					rules.atRiskDays(), now.toEpochMilli(), partnerId)
			.update();
	}

}
