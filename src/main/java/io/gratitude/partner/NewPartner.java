package io.gratitude.partner;

import io.gratitude.InvalidField;

import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/**
 * What enrollment needs to know about a new partner; validated before it reaches the
 * store.
 */
public record NewPartner(String name, String senderEmail, String senderName, @Nullable String replyTo, ZoneId timeZone,
		SendWindow sendWindow, LeapDayPolicy leapDayPolicy) {

	public NewPartner {
		name = requireText(name, "name", 200);
		senderEmail = EmailAddresses.require(senderEmail, "senderEmail");
		senderName = requireText(senderName, "senderName", 200);
		if (replyTo != null) {
			replyTo = EmailAddresses.require(replyTo, "replyTo");
		}
	}

	private static String requireText(@Nullable String value, String field, int max) {
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
