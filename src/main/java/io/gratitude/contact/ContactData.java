package io.gratitude.contact;

import io.gratitude.system.InvalidField;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gratitude.partner.EmailAddresses;
import org.jspecify.annotations.Nullable;

/**
 * A contact's data as the partner sends it, validated: a reachable email, names and
 * values without control characters (they could reach mail headers), a real IANA zone, a
 * well-formed locale.
 *
 * @param dates the significant dates, or {@code null} to keep the stored ones
 */
public record ContactData(String externalRef, String email, @Nullable String firstName, @Nullable String lastName,
		Relationship relationship, @Nullable String timeZone, @Nullable String locale, @Nullable LocalDate clientSince,
		Map<String, String> attributes, @Nullable List<SignificantDate> dates) {

	public ContactData {
		externalRef = text(externalRef, "externalRef", 100);
		if (externalRef == null) {
			throw new InvalidField("externalRef", "externalRef is required");
		}
		if (externalRef.startsWith(Contacts.ERASED_PREFIX)) {
			throw new InvalidField("externalRef", "externalRef '" + externalRef + "' starts with '"
					+ Contacts.ERASED_PREFIX + "', kept for erased contacts");
		}
		email = EmailAddresses.require(email, "email");
		firstName = text(firstName, "firstName", 100);
		lastName = text(lastName, "lastName", 100);
		if (relationship == null) {
			relationship = Relationship.CUSTOMER;
		}
		timeZone = text(timeZone, "timeZone", 64);
		if (timeZone != null) {
			try {
				timeZone = ZoneId.of(timeZone).getId();
			}
			catch (DateTimeException ex) {
				throw new InvalidField("timeZone", "timeZone '" + timeZone + "' is not an IANA time zone id");
			}
		}
		locale = text(locale, "locale", 35);
		if (locale != null) {
			try {
				locale = new Locale.Builder().setLanguageTag(locale).build().toLanguageTag();
			}
			catch (IllformedLocaleException ex) {
				throw new InvalidField("locale", "locale '" + locale + "' is not a BCP 47 language tag");
			}
		}
		if (clientSince != null && (clientSince.getYear() < 1900 || clientSince.getYear() > 2200)) {
			// Its CLIENT_ANNIVERSARY date would be refused later, half-way through a
			// write.
			throw new InvalidField("clientSince", "clientSince " + clientSince + " is out of range 1900..2200");
		}
		attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
		if (attributes.size() > 50) {
			throw new InvalidField("attributes", "at most 50 attributes");
		}
		attributes.forEach((key, value) -> {
			if (!key.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
				throw new InvalidField("attributes",
						"attribute name '" + key + "' must be a letter then letters, digits or _");
			}
			if (value == null || value.length() > 1000) {
				throw new InvalidField("attributes." + key,
						"attribute '" + key + "' must be a string of at most 1000 characters");
			}
		});
		if (dates != null) {
			dates = List.copyOf(dates);
			long distinct = dates.stream().map(d -> d.kind() + "/" + d.label()).distinct().count();
			if (distinct != dates.size()) {
				throw new InvalidField("significantDates", "significantDates has the same kind and label twice");
			}
		}
	}

	private static @Nullable String text(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.length() > max) {
			throw new InvalidField(field, field + " is longer than " + max + " characters");
		}
		// Names reach mail headers: no controls, nor the Unicode line separators.
		if (trimmed.chars().anyMatch((c) -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
			throw new InvalidField(field, field + " must not contain control characters or line breaks (CR, LF, ...)");
		}
		return trimmed;
	}

}
