package io.gratitude.outreach;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * One planned message to one contact for one occasion.
 *
 * @param occasion the occasion key, e.g. {@code birthday@2027-03-14} or
 * {@code sale:ORD-991}
 * @param expiresAt the latest time it may still be sent (due time plus the program's max
 * lateness)
 * @param reason why it was skipped, cancelled or failed
 * @param lastReply the last SMTP reply or error
 */
public record Outreach(long id, long partnerId, long programId, long contactId, String occasion,
		@Nullable LocalDate occasionDate, @Nullable Long saleId, OutreachStatus status, Instant dueAt,
		Instant expiresAt, int attemptCount, @Nullable Instant sentAt, String messageId, @Nullable String reason,
		@Nullable String lastReply) {
}
