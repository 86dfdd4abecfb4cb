package io.gratitude.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Times as a partner's staff read them: in the partner's zone, in words ("Mon 14 Mar
 * 2027, 09:00"). Given to the console's insight views as {@code times}.
 */
record ZonedTimes(ZoneId zone) {

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm",
			Locale.ENGLISH);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

	private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

	/** Date and time, or a dash for none. */
	public String dateTime(@Nullable Instant at) {
		return (at != null) ? DATE_TIME.format(at.atZone(this.zone)) : "—";
	}

	/** The time of day only. */
	public String time(Instant at) {
		return TIME.format(at.atZone(this.zone));
	}

	/** A date in words. */
	public String date(LocalDate date) {
		return DATE.format(date);
	}

	/** A short day: "14 Mar". */
	public String shortDay(LocalDate date) {
		return SHORT_DAY.format(date);
	}

	/** The machine-readable form, for {@code <time datetime>}. */
	public String iso(@Nullable Instant at) {
		return (at != null) ? at.atZone(this.zone).toOffsetDateTime().toString() : "";
	}

}
