package io.gratitude.template;

import java.util.Objects;

/**
 * A rendered message, ready to be put into a MIME message.
 *
 * @param subject a single line: CR, LF and other control characters are collapsed into
 * one space and the result is trimmed, so it can go into a mail header as is
 * @param html the HTML body
 * @param text the plain-text body
 */
public record RenderedMessage(String subject, String html, String text) {

	public RenderedMessage {
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(html, "html");
		Objects.requireNonNull(text, "text");
	}

}
