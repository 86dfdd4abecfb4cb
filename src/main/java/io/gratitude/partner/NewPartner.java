package io.gratitude.partner;

import io.gratitude.system.InvalidField;
import io.gratitude.system.LocaleTags;

import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/**
 * A partner's settings: what enrollment needs to know about a new partner, and what the
 * operator may change later ({@link PartnerAdministration#change}). Validated before it
 * reaches the store.
 *
 * @param frequencyCapHours hours between two messages to the same contact, 0 to
 * {@value #MAX_FREQUENCY_CAP_HOURS}; 0 means no cap
 * @param maxPerMinute the partner's own limit of messages per minute, 1 to
 * {@value #MAX_PER_MINUTE}; {@code null} (or 0, which is stored as {@code null}) follows
 * the configured default {@code gratitude.delivery.max-per-minute}
 * @param defaultLocale a BCP 47 language tag ({@link LocaleTags}), stored canonical;
 * {@code null} is {@value Partner#DEFAULT_LOCALE}
 */
public record NewPartner(String name, String senderEmail, String senderName, @Nullable String replyTo, ZoneId timeZone,
		SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours, @Nullable Integer maxPerMinute,
		String defaultLocale) {

	/** The frequency cap of a partner that does not choose one. */
	public static final int DEFAULT_FREQUENCY_CAP_HOURS = 72;

	/** The largest frequency cap: 30 days. */
	public static final int MAX_FREQUENCY_CAP_HOURS = 720;

	/** The largest messages-per-minute limit of a partner. */
	public static final int MAX_PER_MINUTE = 100_000;

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
		if (maxPerMinute != null && maxPerMinute == 0) {
			maxPerMinute = null;
		}
		if (maxPerMinute != null && (maxPerMinute < 1 || maxPerMinute > MAX_PER_MINUTE)) {
			throw new InvalidField("maxPerMinute", "maxPerMinute must be between 1 and " + MAX_PER_MINUTE
					+ ", or 0 for the configured default, not " + maxPerMinute);
		}
		defaultLocale = LocaleTags.require((defaultLocale != null) ? defaultLocale : Partner.DEFAULT_LOCALE,
				"defaultLocale");
	}

	/** A partner with the default locale ({@value Partner#DEFAULT_LOCALE}). */
	public NewPartner(String name, String senderEmail, String senderName, @Nullable String replyTo, ZoneId timeZone,
			SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours, @Nullable Integer maxPerMinute) {
		this(name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours,
				maxPerMinute, Partner.DEFAULT_LOCALE);
	}

	/** A partner following the configured messages-per-minute limit. */
	public NewPartner(String name, String senderEmail, String senderName, @Nullable String replyTo, ZoneId timeZone,
			SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours) {
		this(name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours, null);
	}

	/**
	 * A partner with the default frequency cap ({@value #DEFAULT_FREQUENCY_CAP_HOURS} h)
	 * and the configured messages-per-minute limit.
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
		// Names reach mail headers: no controls, nor the Unicode line separators.
		if (trimmed.chars().anyMatch((c) -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
			throw new InvalidField(field, field + " must not contain control characters or line breaks (CR, LF, ...)");
		}
		return trimmed;
	}

}
