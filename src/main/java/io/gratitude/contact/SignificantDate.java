package io.gratitude.contact;

import io.gratitude.system.InvalidField;

import java.time.DateTimeException;
import java.time.MonthDay;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A yearly date of a contact. The year is optional (a birthday without a birth year); the
 * label tells CUSTOM dates apart (empty for the others).
 */
public record SignificantDate(DateKind kind, int month, int day, @Nullable Integer year, String label) {

	public SignificantDate {
		Objects.requireNonNull(kind, "kind");
		try {
			MonthDay.of(month, day);
		}
		catch (DateTimeException ex) {
			throw new InvalidField("day", "not a calendar date: month " + month + ", day " + day);
		}
		if (year != null && (year < 1900 || year > 2200)) {
			throw new InvalidField("year", "year " + year + " is out of range 1900..2200");
		}
		if (year != null && month == 2 && day == 29 && !java.time.Year.isLeap(year)) {
			throw new InvalidField("day", year + " has no February 29");
		}
		label = (label == null) ? "" : label.strip();
		if (label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidField("label", "label must be at most 100 characters without control characters");
		}
		if (kind == DateKind.CUSTOM && label.isEmpty()) {
			throw new InvalidField("label", "a CUSTOM date needs a label, e.g. \"Wedding anniversary\"");
		}
	}

}
