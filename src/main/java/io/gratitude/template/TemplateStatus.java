package io.gratitude.template;

/**
 * Where a template version stands: saved ({@code DRAFT}), the one that is sent
 * ({@code PUBLISHED}, at most one per template), or replaced by a later publication
 * ({@code RETIRED}). A draft or a retired version can be published; nothing returns to
 * draft.
 */
public enum TemplateStatus {

	DRAFT, PUBLISHED, RETIRED;

	boolean canBePublished() {
		return this != PUBLISHED;
	}

}
