package io.gratitude.template;

import java.util.Objects;

/**
 * One message's three template texts, as staff wrote them.
 *
 * @param name names the template in error messages, e.g. {@code "birthday v3"}
 * @param subject FreeMarker source of the subject line (plain text)
 * @param html FreeMarker source of the HTML body (values are HTML-escaped automatically)
 * @param text FreeMarker source of the plain-text body
 */
public record TemplateSource(String name, String subject, String html, String text) {

	/**
	 * @throws NullPointerException if any part is {@code null}; an empty string is a
	 * valid (empty) template
	 */
	public TemplateSource {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(html, "html");
		Objects.requireNonNull(text, "text");
	}

}
