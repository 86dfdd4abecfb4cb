package io.gratitude.mail;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Everything a message needs to go on the wire. Every value that reaches a header is
 * checked for line breaks and other controls here, whatever checked it before: a header
 * must never be injectable.
 *
 * @param messageId the Message-ID including angle brackets; the same for every attempt
 */
public record OutgoingMessage(String messageId, String fromEmail, String fromName, @Nullable String replyTo,
		String toEmail, @Nullable String toName, String subject, String html, String text, String unsubscribeUrl,
		String unsubscribePostUrl, Instant date) {

	public OutgoingMessage {
		for (String header : new String[] { messageId, fromEmail, fromName, replyTo, toEmail, toName, subject,
				unsubscribeUrl, unsubscribePostUrl }) {
			if (header != null && header.chars().anyMatch(OutgoingMessage::breaksAHeader)) {
				throw new IllegalArgumentException("a header value contains a control character or line separator");
			}
		}
		Objects.requireNonNull(html, "html");
		Objects.requireNonNull(text, "text");
		Objects.requireNonNull(date, "date");
	}

	/**
	 * CR, LF and every other control character (C0, DEL, C1, TAB included), and the
	 * Unicode line and paragraph separators: none belongs in a header value, and some
	 * mail software ends a header line at more than CR LF.
	 */
	private static boolean breaksAHeader(int c) {
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
	}

}
