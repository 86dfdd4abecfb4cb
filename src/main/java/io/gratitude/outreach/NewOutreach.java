package io.gratitude.outreach;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A planned outreach before it is stored: SCHEDULED, or SKIPPED with a reason when
 * already too late.
 */
public record NewOutreach(long partnerId, long programId, long contactId, String occasion,
		@Nullable LocalDate occasionDate, @Nullable Long saleId, OutreachStatus status, @Nullable SkipReason reason,
		Instant dueAt, Instant expiresAt, String messageId) {

	public NewOutreach {
		if (status != OutreachStatus.SCHEDULED && status != OutreachStatus.SKIPPED) {
			throw new IllegalArgumentException("an outreach is planned SCHEDULED or SKIPPED, not " + status);
		}
		if ((status == OutreachStatus.SKIPPED) != (reason != null)) {
			throw new IllegalArgumentException("a SKIPPED outreach needs a reason, a SCHEDULED one has none");
		}
		if (occasion.length() > 150) {
			throw new IllegalArgumentException("occasion key longer than 150 characters");
		}
	}

}
