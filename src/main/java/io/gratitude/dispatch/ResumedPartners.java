package io.gratitude.dispatch;

import java.time.Clock;
import java.time.Instant;

import io.gratitude.outreach.OutreachQueue;
import io.gratitude.partner.PartnerResumed;

import org.springframework.context.event.EventListener;
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

	private final OutreachQueue queue;

	private final Clock clock;

	ResumedPartners(OutreachQueue queue, Clock clock) {
		this.queue = queue;
		this.clock = clock;
	}

	/** Runs in the resume's transaction: both happen, or neither. */
	@EventListener
	void releaseHeld(PartnerResumed resumed) {
		Instant now = this.clock.instant();
		this.queue.bringForward(resumed.partnerId(), now.plus(Dispatcher.PAUSE_RECHECK), now);
	}

}
