package io.gratitude.template;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One immutable version of a template's texts. Only its status (and publication time)
 * ever changes.
 *
 * @param id the version's id, the renderer's cache key
 * @param version 1, 2, … within its template
 * @param status draft, published or retired
 * @param createdAt when it was saved
 * @param publishedAt when it was last published, {@code null} if never
 * @param source its three texts
 */
public record TemplateVersion(long id, int version, TemplateStatus status, Instant createdAt,
		@Nullable Instant publishedAt, TemplateSource source) {

	/** See {@link PublishedTemplate#cacheKey()}: the same key for the same version. */
	String cacheKey() {
		return "v" + this.id;
	}

}
