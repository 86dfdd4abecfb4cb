package io.gratitude.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.gratitude.system.LocaleTags;
import org.jspecify.annotations.Nullable;

/**
 * Which variant of a template a contact gets: the contact's locale exactly, then its
 * language ({@code fr-CA} → {@code fr}), then the partner's default locale (exactly, then
 * its language), then the base variant. Dates and amounts are formatted for the variant
 * chosen; the base variant is formatted for the partner's default locale.
 */
public final class LocaleChoice {

	private LocaleChoice() {
	}

	/**
	 * The language tags to look for, most wanted first, without repeats.
	 * @param contactLocale the contact's tag, {@code null} when it has none
	 * @param partnerDefault the partner's default tag
	 */
	public static List<String> preference(@Nullable String contactLocale, String partnerDefault) {
		List<String> tags = new ArrayList<>();
		for (@Nullable
		String tag : new String[] { contactLocale, partnerDefault }) {
			if (tag == null || tag.isBlank()) {
				continue;
			}
			String exact = Locale.forLanguageTag(tag.strip()).toLanguageTag();
			if ("und".equals(exact)) {
				continue;
			}
			add(tags, exact);
			add(tags, LocaleTags.language(exact));
		}
		return tags;
	}

	/**
	 * The locale a message is formatted for: the variant's, or the partner's default for
	 * the base variant.
	 */
	public static Locale formatting(PublishedTemplate chosen, String partnerDefault) {
		return Locale.forLanguageTag(chosen.isBase() ? partnerDefault : chosen.locale());
	}

	private static void add(List<String> tags, String tag) {
		if (!tag.isEmpty() && tags.stream().noneMatch(tag::equalsIgnoreCase)) {
			tags.add(tag);
		}
	}

}
