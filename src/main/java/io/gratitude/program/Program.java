package io.gratitude.program;

import io.gratitude.system.InvalidField;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Objects;

import io.gratitude.contact.DateKind;
import org.jspecify.annotations.Nullable;

/**
 * A rule deciding who gets which message when.
 *
 * @param delay AFTER_SALE and PROMOTION: time after the event
 * @param offsetDays DATE: days relative to the date (-3 = three days before)
 * @param periodDays CHECK_IN: days between check-ins
 * @param sendAt DATE and CHECK_IN: local send time in the contact's zone
 * @param maxLateness how late after its due time an occasion may still be sent; later it
 * is SKIPPED as too late
 * @param priority lower wins when messages compete (post-sale thank-you first)
 * @param plannedThrough how far ahead dated occasions are planned, null before the first
 * run
 */
public record Program(long id, long partnerId, String key, String name, Trigger trigger, @Nullable DateKind dateKind,
		Audience audience, String templateKey, Duration delay, int offsetDays, @Nullable Integer periodDays,
		@Nullable LocalTime sendAt, Duration maxLateness, int priority, boolean enabled,
		@Nullable Instant plannedThrough) {

	public Program {
		Objects.requireNonNull(trigger, "trigger");
		if (trigger == Trigger.DATE && dateKind == null) {
			throw new InvalidField("dateKind", "a DATE program needs a dateKind");
		}
		if (trigger != Trigger.DATE && dateKind != null) {
			throw new InvalidField("dateKind", "only a DATE program has a dateKind");
		}
		if (trigger == Trigger.CHECK_IN && periodDays == null) {
			throw new InvalidField("periodDays", "a CHECK_IN program needs periodDays");
		}
		if (delay.isNegative() || delay.compareTo(Duration.ofDays(90)) > 0) {
			throw new InvalidField("delay", "delay must be between PT0S and P90D");
		}
		if (offsetDays < -60 || offsetDays > 60) {
			throw new InvalidField("offsetDays", "offsetDays must be between -60 and 60");
		}
		if (maxLateness.isNegative() || maxLateness.isZero() || maxLateness.compareTo(Duration.ofDays(30)) > 0) {
			throw new InvalidField("maxLateness", "maxLateness must be between PT1S and P30D");
		}
		if (periodDays != null && (periodDays < 7 || periodDays > 3660)) {
			throw new InvalidField("periodDays", "periodDays must be between 7 and 3660");
		}
	}

	/** The send time of dated occasions, 09:00 when none is set. */
	public LocalTime sendTime() {
		return (this.sendAt != null) ? this.sendAt : LocalTime.of(9, 0);
	}

	/** The occasion kind a template sees for this program's outreach. */
	public String occasionKind() {
		return switch (this.trigger) {
			case AFTER_SALE -> "AFTER_SALE";
			case DATE -> Objects.requireNonNull(this.dateKind).name();
			case CHECK_IN -> "CHECK_IN";
			case PROMOTION -> "WELCOME";
			case CAMPAIGN -> "CAMPAIGN";
			case AT_RISK -> "AT_RISK";
		};
	}

	/** This program with another delay. */
	public Program withDelay(Duration newDelay) {
		return new Program(this.id, this.partnerId, this.key, this.name, this.trigger, this.dateKind, this.audience,
				this.templateKey, newDelay, this.offsetDays, this.periodDays, this.sendAt, this.maxLateness,
				this.priority, this.enabled, this.plannedThrough);
	}

}
