package io.gratitude.system;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A span of calendar days, first and last included. {@link #SUPPORTED} is what the
 * service takes in at all, from the API's bodies and query parameters alike: years 1900
 * through 9999. Outside it a date is a mistake (a typo, seconds taken for milliseconds, a
 * probe), and some would break what is done with it: an instant in year +1000000000 does
 * not fit a long of epoch milliseconds, and MariaDB's DATE stops at 9999. Features keep
 * their own narrower rules (a significant date's year, 1900..2200).
 */
public record DateSpan(LocalDate first, LocalDate last) {

	/** The dates the service takes in: 1900-01-01 to 9999-12-31 (instants in UTC). */
	public static final DateSpan SUPPORTED = new DateSpan(LocalDate.of(1900, 1, 1), LocalDate.of(9999, 12, 31));

	public DateSpan {
		if (last.isBefore(first)) {
			throw new IllegalArgumentException("a span ends on or after its first day: " + first + ".." + last);
		}
	}

	public boolean contains(LocalDate date) {
		return !date.isBefore(this.first) && !date.isAfter(this.last);
	}

	/** Whether the instant falls on one of the span's days, in UTC. */
	public boolean contains(Instant instant) {
		return !instant.isBefore(this.first.atStartOfDay(ZoneOffset.UTC).toInstant())
				&& instant.isBefore(this.last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
	}

	/**
	 * An ISO-8601 instant with its offset ({@code 2027-03-01T09:30:00Z},
	 * {@code 2027-03-01T10:30:00+01:00}) within the span.
	 * @throws DateTimeException naming what is wrong, for anything else (an epoch number
	 * included)
	 */
	public Instant parseInstant(String text) {
		Instant instant;
		try {
			instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text.strip(), Instant::from);
		}
		catch (DateTimeParseException ex) {
			throw new DateTimeException("'" + text + "' is not an ISO-8601 instant such as 2027-03-01T09:30:00Z");
		}
		if (!contains(instant)) {
			throw new DateTimeException("'" + text + "' is outside " + this);
		}
		return instant;
	}

	/**
	 * An ISO-8601 calendar date ({@code 2027-03-01}) within the span.
	 * @throws DateTimeException naming what is wrong, for anything else
	 */
	public LocalDate parseDate(String text) {
		LocalDate date;
		try {
			date = LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			throw new DateTimeException("'" + text + "' is not an ISO-8601 date such as 2027-03-01");
		}
		if (!contains(date)) {
			throw new DateTimeException("'" + text + "' is outside " + this);
		}
		return date;
	}

	/** How error messages name the span: "the years 1900 to 9999". */
	@Override
	public String toString() {
		return (this.first.getDayOfYear() == 1 && this.last.getMonthValue() == 12 && this.last.getDayOfMonth() == 31)
				? "the years " + this.first.getYear() + " to " + this.last.getYear() : this.first + " to " + this.last;
	}

}
