package io.gratitude.partner;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Year;

/**
 * Where a yearly Feb 29 occasion (a birthday, an anniversary) falls in a non-leap year. A
 * partner's choice; {@link #FEB_28} is the default because the occasion then stays in
 * February.
 */
public enum LeapDayPolicy {

	/** Feb 29 falls on Feb 28 in non-leap years. */
	FEB_28,

	/** Feb 29 falls on Mar 1 in non-leap years. */
	MAR_1;

	/**
	 * The occurrence of a yearly (month, day) in a year. Every valid date falls on
	 * itself; Feb 29 in a non-leap year falls on Feb 28 ({@link #FEB_28}) or Mar 1
	 * ({@link #MAR_1}). Pure.
	 * @param month 1–12
	 * @param day 1–31, valid for the month in a leap year
	 * @param year the year of the occurrence
	 * @return the date of the occasion in that year
	 * @throws IllegalArgumentException for a date that exists in no year (Apr 31, Feb 30,
	 * month 13) or a year out of {@link LocalDate}'s range
	 */
	public LocalDate occurrence(int month, int day, int year) {
		MonthDay monthDay = monthDay(month, day);
		try {
			// Checked before LocalDate.of, which would reject Feb 29 in a non-leap year.
			if (monthDay.getMonthValue() == 2 && monthDay.getDayOfMonth() == 29 && !Year.isLeap(year)) {
				return (this == FEB_28) ? LocalDate.of(year, 2, 28) : LocalDate.of(year, 3, 1);
			}
			return monthDay.atYear(year);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("Year " + year + " is out of range", ex);
		}
	}

	private static MonthDay monthDay(int month, int day) {
		try {
			return MonthDay.of(month, day);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException(
					"No such date: month " + month + ", day " + day + " (" + ex.getMessage() + ")", ex);
		}
	}

}
