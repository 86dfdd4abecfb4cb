package io.gratitude.partner;

import io.gratitude.InvalidField;

import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/**
 * A partner's settings: what enrollment needs to know about a new partner, and what the
 * operator may change later ({@link PartnerAdministration#change}). Validated before it
 * reaches the store.
 *
 * @param frequencyCapHours hours between two messages to the same contact, 0 to
 * {@value #MAX_FREQUENCY_CAP_HOURS}; 0 means no cap
 */
public record NewPartner(String name, String senderEmail, String senderName, @Nullable String replyTo, ZoneId timeZone,
		SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours) {

	/** The frequency cap of a partner that does not choose one. */
	public static final int DEFAULT_FREQUENCY_CAP_HOURS = 72;

	/** The largest frequency cap: 30 days. */
	public static final int MAX_FREQUENCY_CAP_HOURS = 720;

	public NewPartner {
		name = requireText(name, "name", 200);
		senderEmail = EmailAddresses.require(senderEmail, "senderEmail");
		senderName = requireText(senderName, "senderName", 200);
		if (replyTo != null) {
			replyTo = EmailAddresses.require(replyTo, "replyTo");
		}
		if (frequencyCapHours < 0 || frequencyCapHours > MAX_FREQUENCY_CAP_HOURS) {
			throw new InvalidField("frequencyCapHours", "frequencyCapHours must be between 0 (no cap) and "
					+ MAX_FREQUENCY_CAP_HOURS + ", not " + frequencyCapHours);
		}
	}

	/**
	 * A partner with the default frequency cap ({@value #DEFAULT_FREQUENCY_CAP_HOURS} h).
	 */
	public NewPartner(String name, String senderEmail, String senderName, @Nullable String replyTo, ZoneId timeZone,
			SendWindow sendWindow, LeapDayPolicy leapDayPolicy) {
		this(name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, DEFAULT_FREQUENCY_CAP_HOURS);
	}

	/**
	 * The value, trimmed: present, at most {@code max} characters, without control
	 * characters (names reach mail headers).
	 */
	static String requireText(@Nullable String value, String field, int max) {
		if (value == null || value.isBlank()) {
			throw new InvalidField(field, field + " is required");
		}
		String trimmed = value.strip();
		if (trimmed.length() > max) {
			throw new InvalidField(field, field + " is longer than " + max + " characters");
		}
		if (trimmed.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidField(field, field + " must not contain control characters (CR, LF, ...)");
		}
		return trimmed;
	}

}
