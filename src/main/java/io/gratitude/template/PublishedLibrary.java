package io.gratitude.template;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What a partner's templates include: its published templates, read when a message that
 * includes them is rendered, so a newly published footer is in the next message.
 */
@Component
class PublishedLibrary implements SandboxedRenderer.Library {

	private final MessageTemplates templates;

	PublishedLibrary(MessageTemplates templates) {
		this.templates = templates;
	}

	@Override
	public Optional<PublishedTemplate> find(long partnerId, String key, String locale) {
		return this.templates.findPublished(partnerId, key, locale.isEmpty() ? List.of() : List.of(locale));
	}

}
