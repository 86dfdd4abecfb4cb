package io.gratitude.template;

/**
 * The published version of a partner's template. {@code versionId} identifies the
 * immutable version and is the renderer's cache key.
 */
public record PublishedTemplate(long versionId, String key, int version, TemplateSource source) {

	/**
	 * The cache key for {@link SandboxedRenderer#render}: versions never change once
	 * written.
	 */
	public String cacheKey() {
		return "v" + this.versionId;
	}

}
