package io.gratitude.system;

import java.util.IllformedLocaleException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Language tags (BCP 47) as Gratitude stores them: a template variant's locale and a
 * partner's default locale. A tag is accepted when {@link Locale#forLanguageTag} reads it
 * back to the same tag (letter case aside) and it names a language of two or three
 * letters (ISO 639; the 5 to 8 letter language subtags BCP 47 reserves name none):
 * {@code fr}, {@code pt-BR}, {@code zh-Hant-TW}; not {@code french}, {@code fr_FR} or
 * {@code und}.
 */
public final class LocaleTags {

	/** The width of the locale columns. */
	public static final int MAX_LENGTH = 35;

	private LocaleTags() {
	}

	/**
	 * The tag in its canonical form ({@code pt-br} becomes {@code pt-BR}).
	 * @throws InvalidField naming {@code field} when the tag is missing, malformed or
	 * names no language
	 */
	public static String require(@Nullable String tag, String field) {
		if (tag == null || tag.isBlank()) {
			throw new InvalidField(field, field + " is required (a language tag such as fr or pt-BR)");
		}
		String trimmed = tag.strip();
		String canonical;
		try {
			canonical = new Locale.Builder().setLanguageTag(trimmed).build().toLanguageTag();
		}
		catch (IllformedLocaleException ex) {
			canonical = "";
		}
		if (trimmed.length() > MAX_LENGTH || !canonical.equalsIgnoreCase(trimmed)
				|| !Locale.forLanguageTag(canonical).toLanguageTag().equals(canonical)
				|| Locale.forLanguageTag(canonical).getLanguage().length() < 2
				|| Locale.forLanguageTag(canonical).getLanguage().length() > 3 || "und".equals(canonical)) {
			throw new InvalidField(field,
					field + " '" + trimmed + "' is not a BCP 47 language tag with a language (such as fr or pt-BR)");
		}
		return canonical;
	}

	/** The language of a valid tag: {@code fr} for {@code fr-CA}. */
	public static String language(String tag) {
		return Locale.forLanguageTag(tag).getLanguage();
	}

}
