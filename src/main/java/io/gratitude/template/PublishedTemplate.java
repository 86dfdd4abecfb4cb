package io.gratitude.template;

/**
 * The published version of a variant of a partner's template. {@code versionId}
 * identifies the immutable version and is the renderer's cache key; {@code locale} is the
 * variant's language tag, empty for the base variant.
 */
public record PublishedTemplate(long versionId, String key, String locale, int version, TemplateSource source) {

	/** Whether this is the base variant (no locale of its own). */
	public boolean isBase() {
		return this.locale.isEmpty();
	}

	/**
	 * The cache key for {@link SandboxedRenderer#render}: versions never change once
	 * written.
	 */
	public String cacheKey() {
		return "v" + this.versionId;
	}

}
