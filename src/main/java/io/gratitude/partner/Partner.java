package io.gratitude.partner;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A business enrolled in Gratitude: the tenant boundary. Every contact, sale, template,
 * program and outreach belongs to exactly one partner.
 *
 * @param sendWindow the daily window, in the recipient's local time, in which messages
 * may go out
 * @param leapDayPolicy where Feb 29 occasions fall in non-leap years
 * @param frequencyCapHours the hours that must pass between two messages to the same
 * contact, 0 for no cap (stored; enforced from issue 4 on)
 * @param paused whether sending is held: a paused partner's messages wait, within their
 * lateness, until it resumes
 * @param maxPerMinute the partner's own limit of messages per minute, counted across the
 * cluster; {@code null} follows the configured default
 * ({@code gratitude.delivery.max-per-minute})
 * @param defaultLocale the language tag of contacts without one: picks a template variant
 * when the contact's locale matches none, and formats the base variant
 */
public record Partner(long id, String name, String senderEmail, String senderName, @Nullable String replyTo,
		ZoneId timeZone, SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours, boolean paused,
		Instant createdAt, @Nullable Integer maxPerMinute, String defaultLocale) {

	/** The default locale of a partner that does not choose one. */
	public static final String DEFAULT_LOCALE = "en";

	public Partner {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(senderEmail, "senderEmail");
		Objects.requireNonNull(senderName, "senderName");
		Objects.requireNonNull(timeZone, "timeZone");
		Objects.requireNonNull(sendWindow, "sendWindow");
		Objects.requireNonNull(leapDayPolicy, "leapDayPolicy");
		Objects.requireNonNull(defaultLocale, "defaultLocale");
	}

	/** A partner with the default locale ({@value #DEFAULT_LOCALE}). */
	public Partner(long id, String name, String senderEmail, String senderName, @Nullable String replyTo,
			ZoneId timeZone, SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours, boolean paused,
			Instant createdAt, @Nullable Integer maxPerMinute) {
		this(id, name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours, paused,
				createdAt, maxPerMinute, DEFAULT_LOCALE);
	}

	/** A partner following the configured messages-per-minute limit. */
	public Partner(long id, String name, String senderEmail, String senderName, @Nullable String replyTo,
			ZoneId timeZone, SendWindow sendWindow, LeapDayPolicy leapDayPolicy, int frequencyCapHours, boolean paused,
			Instant createdAt) {
		this(id, name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours, paused,
				createdAt, null);
	}

	/** The domain of the sender address, used for Message-IDs. */
	public String senderDomain() {
		int at = this.senderEmail.lastIndexOf('@');
		return (at < 0) ? "gratitude.invalid" : this.senderEmail.substring(at + 1);
	}

}
