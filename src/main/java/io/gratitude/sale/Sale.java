package io.gratitude.sale;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A purchase of a contact, as recorded. */
public record Sale(long id, long partnerId, long contactId, String externalRef, BigDecimal amount, String currency,
		Instant occurredAt, @Nullable String description) {
}
