package io.gratitude.lifecycle;

import io.gratitude.system.InvalidField;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A partner's relationship lifecycle rules: when a customer becomes a client on its own,
 * and when a client is at risk. Each promotion rule is optional; any one that holds
 * promotes.
 *
 * @param minPurchases promote at this many purchases (3 = on the 3rd purchase)
 * @param minSpend promote when the lifetime spend in {@code spendCurrency} reaches this
 * amount (sales in other currencies do not count towards it)
 * @param minTenureMonths promote this many months after the first purchase
 * @param atRiskDays a client with no sale for this many days (counted from client-since
 * when it never bought) is at risk; 0 = never
 */
public record PromotionRules(@Nullable Integer minPurchases, @Nullable BigDecimal minSpend,
		@Nullable String spendCurrency, @Nullable Integer minTenureMonths, int atRiskDays) {

	/** No promotion rules; at risk after 180 days. */
	public static final PromotionRules DEFAULT = new PromotionRules(null, null, null, null, 180);

	public PromotionRules {
		if (minPurchases != null && (minPurchases < 1 || minPurchases > 10_000)) {
			throw new InvalidField("minPurchases", "minPurchases must be between 1 and 10000");
		}
		if (minSpend != null) {
			if (minSpend.signum() <= 0 || minSpend.compareTo(new BigDecimal("1000000000000")) >= 0) {
				throw new InvalidField("minSpend", "minSpend must be more than 0 and less than 10^12");
			}
			if (minSpend.scale() > 4) {
				throw new InvalidField("minSpend", "minSpend has at most 4 decimals");
			}
			if (spendCurrency == null || spendCurrency.isBlank()) {
				throw new InvalidField("spendCurrency", "a minSpend needs its spendCurrency (ISO 4217, e.g. EUR)");
			}
		}
		if (spendCurrency != null) {
			if (spendCurrency.isBlank()) {
				spendCurrency = null;
			}
			else {
				String code = spendCurrency.strip().toUpperCase(Locale.ROOT);
				try {
					if (!code.matches("[A-Z]{3}")) {
						throw new IllegalArgumentException();
					}
					Currency.getInstance(code);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidField("spendCurrency",
							"spendCurrency '" + spendCurrency + "' is not an ISO 4217 currency code");
				}
				if (minSpend == null) {
					throw new InvalidField("minSpend", "a spendCurrency needs a minSpend");
				}
				spendCurrency = code;
			}
		}
		if (minTenureMonths != null && (minTenureMonths < 1 || minTenureMonths > 600)) {
			throw new InvalidField("minTenureMonths", "minTenureMonths must be between 1 and 600");
		}
		if (atRiskDays < 0 || atRiskDays > 3660) {
			throw new InvalidField("atRiskDays", "atRiskDays must be between 0 (off) and 3660");
		}
	}

	/** Whether any promotion rule is set. */
	public boolean promotes() {
		return this.minPurchases != null || this.minSpend != null || this.minTenureMonths != null;
	}

	/** "3rd", "21st", "12th". */
	public static String ordinal(int n) {
		int mod100 = n % 100;
		String suffix = (mod100 >= 11 && mod100 <= 13) ? "th" : switch (n % 10) {
			case 1 -> "st";
			case 2 -> "nd";
			case 3 -> "rd";
			default -> "th";
		};
		return n + suffix;
	}

}
