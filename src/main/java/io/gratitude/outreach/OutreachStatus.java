package io.gratitude.outreach;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an outreach: SCHEDULED → SENDING → SENT, or RETRY, FAILED, SKIPPED,
 * CANCELLED; HELD while its campaign is paused (the dispatcher never claims it). SENT,
 * FAILED, SKIPPED and CANCELLED are final. Every store update is guarded by the allowed
 * transitions here and by the expected current status in SQL.
 */
public enum OutreachStatus {

	SCHEDULED, SENDING, SENT, RETRY, FAILED, SKIPPED, CANCELLED, HELD;

	private Set<OutreachStatus> next() {
		return switch (this) {
			case SCHEDULED, RETRY -> EnumSet.of(SENDING, SKIPPED, CANCELLED, HELD);
			// A paused campaign's message: SCHEDULED again on resume, CANCELLED on
			// cancel.
			case HELD -> EnumSet.of(SCHEDULED, CANCELLED);
			// SCHEDULED again when a claimed message waits for its send window to open.
			case SENDING -> EnumSet.of(SENT, RETRY, FAILED, SKIPPED, CANCELLED, SCHEDULED);
			case SENT, FAILED, SKIPPED, CANCELLED -> EnumSet.noneOf(OutreachStatus.class);
		};
	}

	/** Whether an outreach in this status may move to {@code target}. */
	public boolean canBecome(OutreachStatus target) {
		return next().contains(target);
	}

	/** Whether nothing more will happen to an outreach in this status. */
	public boolean isFinal() {
		return next().isEmpty();
	}

	/**
	 * Checks a transition.
	 * @throws IllegalStateException when it is not allowed
	 */
	public OutreachStatus require(OutreachStatus target) {
		if (!canBecome(target)) {
			throw new IllegalStateException("an outreach cannot go from " + this + " to " + target);
		}
		return target;
	}

}
