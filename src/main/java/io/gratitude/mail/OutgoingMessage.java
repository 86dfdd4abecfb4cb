package io.gratitude.mail;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Everything a message needs to go on the wire. Every value that reaches a header is
 * checked for CR/LF here, whatever checked it before: a header must never be injectable.
 *
 * @param messageId the Message-ID including angle brackets; the same for every attempt
 */
public record OutgoingMessage(String messageId, String fromEmail, String fromName, @Nullable String replyTo,
		String toEmail, @Nullable String toName, String subject, String html, String text, String unsubscribeUrl,
		String unsubscribePostUrl, Instant date) {

	public OutgoingMessage {
		for (String header : new String[] { messageId, fromEmail, fromName, replyTo, toEmail, toName, subject,
				unsubscribeUrl, unsubscribePostUrl }) {
			if (header != null && header.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
				throw new IllegalArgumentException("a header value contains CR, LF or NUL");
			}
		}
		Objects.requireNonNull(html, "html");
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(date, "date");
	}

}
