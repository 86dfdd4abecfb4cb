package io.gratitude.partner;

import io.gratitude.system.InvalidField;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for email addresses accepted at intake: a plain addr-spec, no display
 * name, no control characters (they would reach mail headers), at most 320 characters,
 * lower-cased domain.
 */
public final class EmailAddresses {

	// Deliberately simple: local part of printable ASCII without spaces, quotes or angle
	// brackets;
	// a dotted domain. Exotic-but-legal RFC 5322 forms are refused rather than mangled.
	private static final Pattern ADDRESS = Pattern.compile(
			"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

	private EmailAddresses() {
	}

	/**
	 * Returns the address, trimmed, with its domain lower-cased.
	 * @throws IllegalArgumentException naming the field when the value is absent or not
	 * an address
	 */
	public static String require(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw new InvalidField(field, field + " is required");
		}
		String trimmed = value.strip();
		if (trimmed.length() > 320 || !ADDRESS.matcher(trimmed).matches()) {
			throw new InvalidField(field, field + " is not a valid email address: '" + printable(trimmed) + "'");
		}
		int at = trimmed.lastIndexOf('@');
		return trimmed.substring(0, at + 1) + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
	}

	private static String printable(String value) {
		String shown = value.replaceAll("\\p{Cntrl}", "?");
		return (shown.length() > 80) ? shown.substring(0, 80) + "…" : shown;
	}

}
