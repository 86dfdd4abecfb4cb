package io.gratitude.campaign;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

import io.gratitude.contact.Relationship;
import io.gratitude.system.InvalidField;
import org.jspecify.annotations.Nullable;

/**
 * Who a campaign goes to; every criterion is optional and each one narrows the segment.
 * Only contacts that may be written to are ever in it: opted in, not erased, with an
 * address that is not suppressed (and the dispatcher checks all of that again at send
 * time).
 *
 * @param relationship CUSTOMER or CLIENT; null for both
 * @param minTenureMonths at least this many months since the contact became a client
 * (client-since date) or first bought (first sale), whichever is earlier
 * @param minLifetimeSpend at least this much spent in {@code currency} over all sales
 * @param currency ISO 4217 code of {@code minLifetimeSpend}
 * @param lastPurchaseBefore the last sale was before this day (partner's zone); contacts
 * without a sale are not in the segment
 * @param lastPurchaseAfter the last sale was on or after this day (partner's zone)
 */
public record CampaignSegment(@Nullable Relationship relationship, @Nullable Integer minTenureMonths,
		@Nullable BigDecimal minLifetimeSpend, @Nullable String currency, @Nullable LocalDate lastPurchaseBefore,
		@Nullable LocalDate lastPurchaseAfter) {

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	/** Everyone who may be written to. */
	public static final CampaignSegment EVERYONE = new CampaignSegment(null, null, null, null, null, null);

	public CampaignSegment {
		if (minTenureMonths != null && (minTenureMonths < 0 || minTenureMonths > 1200)) {
			throw new InvalidField("segment.minTenureMonths", "minTenureMonths must be between 0 and 1200");
		}
		if (currency != null) {
			currency = currency.strip().toUpperCase(Locale.ROOT);
			if (currency.isEmpty()) {
				currency = null;
			}
		}
		if (minLifetimeSpend != null) {
			if (minLifetimeSpend.signum() < 0 || minLifetimeSpend.compareTo(new BigDecimal("1000000000")) > 0) {
				throw new InvalidField("segment.minLifetimeSpend", "minLifetimeSpend must be between 0 and 1000000000");
			}
			if (minLifetimeSpend.scale() > 4) {
				throw new InvalidField("segment.minLifetimeSpend", "minLifetimeSpend has at most 4 decimals");
			}
			if (currency == null) {
				throw new InvalidField("segment.currency", "a minimum lifetime spend needs its currency");
			}
		}
		if (currency != null) {
			if (!CURRENCY.matcher(currency).matches()) {
				throw new InvalidField("segment.currency", "currency must be a 3-letter ISO 4217 code, e.g. EUR");
			}
			if (minLifetimeSpend == null) {
				throw new InvalidField("segment.minLifetimeSpend", "a currency goes with a minimum lifetime spend");
			}
		}
		if (lastPurchaseBefore != null && lastPurchaseAfter != null
				&& !lastPurchaseAfter.isBefore(lastPurchaseBefore)) {
			throw new InvalidField("segment.lastPurchaseAfter", "lastPurchaseAfter must be before lastPurchaseBefore");
		}
	}

}
