package io.gratitude.template;

import org.jspecify.annotations.Nullable;

/**
 * One of a partner's templates, without its texts.
 *
 * @param id the template's id
 * @param key what programs refer to it by, unique per partner and locale
 * @param name a display name
 * @param locale the variant's language tag, empty ({@link MessageTemplates#BASE}) for the
 * base variant
 * @param publishedVersion the version that is sent, {@code null} while none is published
 * @param latestVersion the highest version number, draft or not
 */
public record MessageTemplate(long id, String key, String name, String locale, @Nullable Integer publishedVersion,
		int latestVersion) {

	public boolean isBase() {
		return this.locale.isEmpty();
	}

}
