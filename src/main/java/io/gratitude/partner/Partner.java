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
 */
public record Partner(long id, String name, String senderEmail, String senderName, @Nullable String replyTo,
		ZoneId timeZone, SendWindow sendWindow, LeapDayPolicy leapDayPolicy, boolean paused, Instant createdAt) {

	public Partner {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(senderEmail, "senderEmail");
		Objects.requireNonNull(senderName, "senderName");
		Objects.requireNonNull(timeZone, "timeZone");
		Objects.requireNonNull(sendWindow, "sendWindow");
		Objects.requireNonNull(leapDayPolicy, "leapDayPolicy");
	}

	/** The domain of the sender address, used for Message-IDs. */
	public String senderDomain() {
		int at = this.senderEmail.lastIndexOf('@');
		return (at < 0) ? "gratitude.invalid" : this.senderEmail.substring(at + 1);
	}

}
