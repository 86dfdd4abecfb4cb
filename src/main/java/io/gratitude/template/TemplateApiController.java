package io.gratitude.template;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.gratitude.partner.ApiCaller;
import io.gratitude.system.InvalidField;
import io.gratitude.system.LocaleTags;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's templates over the API: list and read them, save a new version as a draft,
 * publish a version, and read the versions; the same for each language variant under
 * {@code /locales/{locale}} (plus deleting one). Partners see only their own templates.
 */
@RestController
class TemplateApiController {

	private final MessageTemplates templates;

	private final TemplateEditing editing;

	TemplateApiController(MessageTemplates templates, TemplateEditing editing) {
		this.templates = templates;
		this.editing = editing;
	}

	/** A template (its base variant: {@code locale} is null). */
	record TemplateSummary(String key, String name, @Nullable String locale, @Nullable Integer publishedVersion,
			int latestVersion) {

		static TemplateSummary of(MessageTemplate t) {
			return new TemplateSummary(t.key(), t.name(), t.isBase() ? null : t.locale(), t.publishedVersion(),
					t.latestVersion());
		}

	}

	/**
	 * A template variant with its published version's texts ({@code null} while none is);
	 * {@code locale} is null for the base variant, whose view lists every variant.
	 */
	record TemplateView(String key, String name, @Nullable String locale, @Nullable Integer publishedVersion,
			int latestVersion, @Nullable String subject, @Nullable String html, @Nullable String text,
			@Nullable List<TemplateSummary> variants) {

	}

	record VersionSummary(int version, TemplateStatus status, Instant createdAt, @Nullable Instant publishedAt) {

		static VersionSummary of(TemplateVersion v) {
			return new VersionSummary(v.version(), v.status(), v.createdAt(), v.publishedAt());
		}

	}

	record VersionView(String key, @Nullable String locale, int version, TemplateStatus status, Instant createdAt,
			@Nullable Instant publishedAt, String subject, String html, String text) {

		static VersionView of(String key, TemplateVersion v) {
			return of(key, MessageTemplates.BASE, v);
		}

		static VersionView of(String key, String locale, TemplateVersion v) {
			return new VersionView(key, locale.isEmpty() ? null : locale, v.version(), v.status(), v.createdAt(),
					v.publishedAt(), v.source().subject(), v.source().html(), v.source().text());
		}

	}

	record DraftBody(@Nullable String subject, @Nullable String html, @Nullable String text, @Nullable String name) {

		TemplateEditing.Draft toDraft() {
			return new TemplateEditing.Draft(required("subject", this.subject), required("html", this.html),
					required("text", this.text), this.name);
		}

		private static String required(String field, @Nullable String value) {
			if (value == null) {
				throw new InvalidField(field, field + " is required (it may be empty)");
			}
			return value;
		}

	}

	record PublishBody(@Nullable Integer version) {
	}

	record Items<T>(List<T> items) {
	}

	@GetMapping("/api/v1/templates")
	Items<TemplateSummary> list(ApiCaller caller) {
		return new Items<>(this.templates.findByPartner(caller.partnerId()).stream().map(TemplateSummary::of).toList());
	}

	@GetMapping("/api/v1/templates/{key}")
	TemplateView get(ApiCaller caller, @PathVariable String key) {
		MessageTemplate t = this.editing.require(caller.partnerId(), key);
		return view(t, this.templates.findVariants(caller.partnerId(), key).stream().map(TemplateSummary::of).toList());
	}

	@GetMapping("/api/v1/templates/{key}/locales/{locale}")
	TemplateView getVariant(ApiCaller caller, @PathVariable String key, @PathVariable String locale) {
		return view(this.editing.require(caller.partnerId(), key, LocaleTags.require(locale, "locale")), null);
	}

	@PutMapping("/api/v1/templates/{key}/locales/{locale}")
	ResponseEntity<VersionView> saveVariantDraft(ApiCaller caller, @PathVariable String key,
			@PathVariable String locale, @RequestBody DraftBody body) {
		String tag = LocaleTags.require(locale, "locale");
		TemplateVersion draft = this.editing.saveDraft(caller.partnerId(), key, tag, body.toDraft());
		return ResponseEntity
			.created(URI.create("/api/v1/templates/" + key + "/locales/" + tag + "/versions/" + draft.version()))
			.body(VersionView.of(key, tag, draft));
	}

	@PostMapping("/api/v1/templates/{key}/locales/{locale}/publish")
	VersionView publishVariant(ApiCaller caller, @PathVariable String key, @PathVariable String locale,
			@RequestBody(required = false) @Nullable PublishBody body) {
		String tag = LocaleTags.require(locale, "locale");
		Integer version = (body != null) ? body.version() : null;
		return VersionView.of(key, tag, this.editing.publish(caller.partnerId(), key, tag, version));
	}

	@GetMapping("/api/v1/templates/{key}/locales/{locale}/versions/{version}")
	VersionView variantVersion(ApiCaller caller, @PathVariable String key, @PathVariable String locale,
			@PathVariable int version) {
		String tag = LocaleTags.require(locale, "locale");
		MessageTemplate t = this.editing.require(caller.partnerId(), key, tag);
		return VersionView.of(key, tag, this.editing.requireVersion(t, version));
	}

	@DeleteMapping("/api/v1/templates/{key}/locales/{locale}")
	ResponseEntity<Void> deleteVariant(ApiCaller caller, @PathVariable String key, @PathVariable String locale) {
		this.editing.deleteVariant(caller.partnerId(), key, LocaleTags.require(locale, "locale"));
		return ResponseEntity.noContent().build();
	}

	private TemplateView view(MessageTemplate t, @Nullable List<TemplateSummary> variants) {
		TemplateVersion published = (t.publishedVersion() != null)
				? this.editing.requireVersion(t, t.publishedVersion()) : null;
		return new TemplateView(t.key(), t.name(), t.isBase() ? null : t.locale(), t.publishedVersion(),
				t.latestVersion(), (published != null) ? published.source().subject() : null,
				(published != null) ? published.source().html() : null,
				(published != null) ? published.source().text() : null, variants);
	}

	@PutMapping("/api/v1/templates/{key}")
	ResponseEntity<VersionView> saveDraft(ApiCaller caller, @PathVariable String key, @RequestBody DraftBody body) {
		TemplateVersion draft = this.editing.saveDraft(caller.partnerId(), key, body.toDraft());
		return ResponseEntity.created(URI.create("/api/v1/templates/" + key + "/versions/" + draft.version()))
			.body(VersionView.of(key, draft));
	}

	@PostMapping("/api/v1/templates/{key}/publish")
	VersionView publish(ApiCaller caller, @PathVariable String key,
			@RequestBody(required = false) @Nullable PublishBody body) {
		Integer version = (body != null) ? body.version() : null;
		return VersionView.of(key, this.editing.publish(caller.partnerId(), key, version));
	}

	@GetMapping("/api/v1/templates/{key}/versions")
	Items<VersionSummary> versions(ApiCaller caller, @PathVariable String key) {
		MessageTemplate t = this.editing.require(caller.partnerId(), key);
		return new Items<>(this.templates.findVersions(t).stream().map(VersionSummary::of).toList());
	}

	@GetMapping("/api/v1/templates/{key}/versions/{version}")
	VersionView version(ApiCaller caller, @PathVariable String key, @PathVariable int version) {
		MessageTemplate t = this.editing.require(caller.partnerId(), key);
		return VersionView.of(key, this.editing.requireVersion(t, version));
	}

}
