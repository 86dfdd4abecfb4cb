package io.gratitude.outreach;

import java.time.Clock;
import java.time.Instant;

import io.gratitude.partner.PartnerResumed;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Releases a resumed partner's held messages. While a partner is paused the
 * {@link Dispatcher} keeps its due messages SCHEDULED and looks again
 * {@link Dispatcher#PAUSE_RECHECK} later; on resume those are made due now, so they go at
 * the next dispatch run. Messages that were already due stay as they are; messages due
 * within the next {@link Dispatcher#PAUSE_RECHECK} cannot be told apart from held ones
 * and go at once too (at most that much early, still inside the send window, which the
 * dispatcher checks again). Lateness is checked at sending as always: what waited past
 * its max lateness ends SKIPPED {@code too_late}.
 */
@Component
class ResumedPartners {

	private final JdbcClient jdbc;

	private final Clock clock;

	ResumedPartners(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Runs in the resume's transaction: both happen, or neither. */
	@EventListener
	void releaseHeld(PartnerResumed resumed) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				UPDATE outreach SET due_at = :now, version = version + 1, updated_at = :now
				WHERE partner_id = :partner AND status = 'SCHEDULED' AND due_at > :now AND due_at <= :held""")
			.param("now", now.toEpochMilli())
			.param("held", now.plus(Dispatcher.PAUSE_RECHECK).toEpochMilli())
			.param("partner", resumed.partnerId())
			.update();
	}

}
