package io.gratitude.digest;

import io.gratitude.system.InvalidField;

/**
 * A partner's staff digest settings: whether it goes out, the hour of the morning (in the
 * partner's zone) from which it may, and how many days ahead it looks.
 *
 * @param enabled whether the digest is sent at all
 * @param hour 0–23: the digest goes out on the first run of the job at or after this
 * hour, local time
 * @param daysAhead 1–60: dates from today to today + daysAhead, both inclusive, are
 * listed (1 = "today or tomorrow", 7 = "this week")
 */
public record StaffDigestSettings(boolean enabled, int hour, int daysAhead) {

	public static final int MAX_DAYS_AHEAD = 60;

	/** On, at 08:00, a week ahead. */
	static final StaffDigestSettings DEFAULTS = new StaffDigestSettings(true, 8, 7);

	public StaffDigestSettings {
		if (hour < 0 || hour > 23) {
			throw new InvalidField("hour", "hour must be between 0 and 23");
		}
		if (daysAhead < 1 || daysAhead > MAX_DAYS_AHEAD) {
			throw new InvalidField("daysAhead", "daysAhead must be between 1 and " + MAX_DAYS_AHEAD);
		}
	}

}
