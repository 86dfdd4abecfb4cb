package io.gratitude.console;

import java.util.List;
import java.util.Map;

import io.gratitude.preview.TemplateTrials;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import io.gratitude.system.LocaleTags;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.RenderedMessage;
import io.gratitude.template.TemplatePreviews;
import io.gratitude.template.TemplateRejected;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The template editor's live preview, contact picker and test sends (JSON for the
 * editor's script). The preview renders the unsaved texts in the same sandbox the
 * dispatcher uses, with sample data or as one of the partner's contacts would get them.
 * Here rather than beside the editor because a contact's model is outreach's.
 */
@RestController
class TemplateTrialPages {

	private final TemplatePreviews previews;

	private final TemplateTrials trials;

	private final ContactChoices contacts;

	private final MessageTemplates templates;

	TemplateTrialPages(TemplatePreviews previews, TemplateTrials trials, ContactChoices contacts,
			MessageTemplates templates) {
		this.previews = previews;
		this.trials = trials;
		this.contacts = contacts;
		this.templates = templates;
	}

	/** The editor's unsaved texts and whose data to render them with. */
	record DraftPreview(@Nullable String subject, @Nullable String html, @Nullable String text,
			@Nullable String contactRef, @Nullable String locale) {
	}

	record Rendered(String subject, String html, String text) {
	}

	/** Where a part fails: 1-based line and column, 0 when unknown. */
	record Problem(String part, int line, int column, String message) {

		static Problem of(TemplateRejected ex) {
			return new Problem(ex.part(), ex.line(), ex.column(), ex.reason());
		}

	}

	record Problems(List<Problem> errors) {
	}

	record TestSendRequest(@Nullable String to, @Nullable String contactRef, @Nullable String locale) {
	}

	@PostMapping("/console/partners/{partnerId}/templates/{key}/preview")
	ResponseEntity<?> preview(ConsolePartner console, @PathVariable String key, @RequestBody DraftPreview draft) {
		String locale = variant(console, key, draft.locale());
		String subject = (draft.subject() != null) ? draft.subject() : "";
		String html = (draft.html() != null) ? draft.html() : "";
		String text = (draft.text() != null) ? draft.text() : "";
		Map<String, Object> model = (draft.contactRef() != null && !draft.contactRef().isBlank())
				? this.trials.contactModel(console.id(), key, draft.contactRef(), null, locale) : null;
		List<TemplateRejected> parseProblems = this.previews.checkDraft(subject, html, text);
		if (!parseProblems.isEmpty()) {
			return unprocessable(parseProblems);
		}
		try {
			RenderedMessage message = this.previews.renderDraft(console.id(), key, locale, subject, html, text, model);
			return ResponseEntity.ok(new Rendered(message.subject(), message.html(), message.text()));
		}
		catch (TemplateRejected ex) {
			return unprocessable(List.of(ex));
		}
	}

	@GetMapping("/console/partners/{partnerId}/templates/{key}/contacts")
	List<ContactChoices.Choice> contacts(ConsolePartner console, @PathVariable String key,
			@RequestParam(defaultValue = "") String q) {
		requireTemplate(console, key);
		return this.contacts.search(console.id(), q, 10);
	}

	@PostMapping("/console/partners/{partnerId}/templates/{key}/test-send")
	TemplateTrials.TestSent testSend(ConsolePartner console, @PathVariable String key,
			@RequestBody TestSendRequest request) {
		String contactRef = (request.contactRef() != null && !request.contactRef().isBlank()) ? request.contactRef()
				: null;
		if (request.to() == null || request.to().isBlank()) {
			throw new InvalidField("to", "Enter the address to send the test to.");
		}
		String locale = variant(console, key, request.locale());
		return this.trials.sendTest(console.id(), key, request.to().strip(),
				new TemplateTrials.Trial(null, contactRef, null, null, locale.isEmpty() ? null : locale));
	}

	/**
	 * The editor's variant: {@code ""} (blank or absent) the base; 404 for a variant the
	 * partner's template does not have (or a malformed tag).
	 */
	private String variant(ConsolePartner console, String key, @Nullable String locale) {
		requireTemplate(console, key);
		if (locale == null || locale.isBlank()) {
			return MessageTemplates.BASE;
		}
		String tag;
		try {
			tag = LocaleTags.require(locale, "locale");
		}
		catch (InvalidField ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		if (!this.previews.hasVariant(console.id(), key, tag)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return tag;
	}

	private void requireTemplate(ConsolePartner console, String key) {
		if (!this.templates.exists(console.id(), key)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	private static ResponseEntity<Problems> unprocessable(List<TemplateRejected> problems) {
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
			.body(new Problems(problems.stream().map(Problem::of).toList()));
	}

}
