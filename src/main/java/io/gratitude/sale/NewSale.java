package io.gratitude.sale;

import io.gratitude.system.DateSpan;
import io.gratitude.system.InvalidField;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** A sale as a partner sends it, validated. */
public record NewSale(String externalRef, String contactRef, BigDecimal amount, String currency, Instant occurredAt,
		@Nullable String description) {

	/** Amounts are below this: DECIMAL(19,4) holds 15 digits before the point. */
	private static final BigDecimal AMOUNT_LIMIT = BigDecimal.TEN.pow(15);

	public NewSale {
		externalRef = required(externalRef, "externalRef", 100);
		if (externalRef.startsWith(SaleErasure.ERASED_PREFIX)) {
			throw new InvalidField("externalRef", "externalRef '" + externalRef + "' starts with '"
					+ SaleErasure.ERASED_PREFIX + "', kept for the sales of erased contacts");
		}
		contactRef = required(contactRef, "contactRef", 100);
		if (amount == null) {
			throw new InvalidField("amount", "amount is required");
		}
		// compareTo, not precision() - scale(): with an exponent such as 1e2147483647
		// that int difference overflows and the amount passed, to fail in the database.
		if (amount.signum() < 0 || amount.scale() > 4 || amount.compareTo(AMOUNT_LIMIT) >= 0) {
			throw new InvalidField("amount",
					"amount must be a non-negative number below 10^15 with at most 4 decimals");
		}
		// 1E+2 is 100: stored and shown as digits, whatever exponent it came with (0E+9
		// too, without scaling a zero by 10^9).
		if (amount.scale() < 0) {
			amount = (amount.signum() == 0) ? BigDecimal.ZERO : amount.setScale(0);
		}
		currency = required(currency, "currency", 3).toUpperCase(Locale.ROOT);
		try {
			Currency.getInstance(currency);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidField("currency", "currency '" + currency + "' is not an ISO 4217 code");
		}
		if (occurredAt == null) {
			throw new InvalidField("occurredAt",
					"occurredAt is required (an ISO-8601 instant, e.g. 2026-11-23T10:15:00Z)");
		}
		if (!DateSpan.SUPPORTED.contains(occurredAt)) {
			throw new InvalidField("occurredAt", "occurredAt " + occurredAt + " is outside " + DateSpan.SUPPORTED);
		}
		if (description != null) {
			description = description.strip();
			if (description.isEmpty()) {
				description = null;
			}
			else if (description.length() > 500 || description.chars().anyMatch(Character::isISOControl)) {
				throw new InvalidField("description",
						"description must be at most 500 characters without control characters");
			}
		}
	}

	/**
	 * A fingerprint of the request: the same sale sent again has the same one, a
	 * different one does not.
	 */
	String fingerprint() {
		String canonical = String.join("\u0000", this.externalRef, this.contactRef,
				this.amount.stripTrailingZeros().toPlainString(), this.currency, this.occurredAt.toString(),
				(this.description != null) ? this.description : "");
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String required(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			throw new InvalidField(field, field + " is required");
		}
		String trimmed = value.strip();
		if (trimmed.length() > max || trimmed.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidField(field, field + " must be at most " + max + " characters without control characters");
		}
		return trimmed;
	}

}
