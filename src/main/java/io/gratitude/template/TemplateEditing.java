package io.gratitude.template;

import io.gratitude.audit.AuditLog;
import io.gratitude.system.InvalidField;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * How partners change their templates: save a new version as a draft (refused unless it
 * parses in the sandbox), then publish a version (refused unless it renders with sample
 * data). Publishing swaps the sent version in one transaction; the renderer caches by
 * version id, so the next message uses the new version without any invalidation.
 */
@Service
public class TemplateEditing {

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

	/** The width of {@code template_version.subject}. */
	private static final int MAX_SUBJECT_LENGTH = 1000;

	private static final int MAX_NAME_LENGTH = 200;

	private final MessageTemplates templates;

	private final SandboxedRenderer renderer;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final AuditLog audit;

	TemplateEditing(MessageTemplates templates, SandboxedRenderer renderer, TransactionTemplate transactions,
			Clock clock, AuditLog audit) {
		this.templates = templates;
		this.renderer = renderer;
		this.transactions = transactions;
		this.clock = clock;
		this.audit = audit;
	}

	/** A draft's texts and, optionally, a new display name of its template. */
	public record Draft(String subject, String html, String text, @Nullable String name) {
	}

	/**
	 * Saves the texts as the template's next version, a draft; creates the template
	 * (named {@code name}, or after its key) when the partner has none with this key.
	 * Nothing is stored when the draft is refused.
	 * @return the new version
	 * @throws InvalidField (400) for a malformed key, a subject too long or a blank or
	 * too long name
	 * @throws ErrorResponseException (422) when a part does not parse or uses a construct
	 * the sandbox forbids, with the part, line and column as properties
	 */
	public TemplateVersion saveDraft(long partnerId, String key, Draft draft) {
		return saveDraft(partnerId, key, MessageTemplates.BASE, draft);
	}

	/**
	 * Saves the texts as the next version, a draft, of a variant of the template, as
	 * {@link #saveDraft(long, String, Draft)} does for the base variant. A variant is
	 * created on its first draft, named as the base; the base must exist.
	 * @param locale a canonical language tag
	 * ({@link io.gratitude.system.LocaleTags#require}), or {@link MessageTemplates#BASE}
	 * @throws ErrorResponseException (404) for a variant of a template the partner does
	 * not have, and as {@link #saveDraft(long, String, Draft)}
	 */
	public TemplateVersion saveDraft(long partnerId, String key, String locale, Draft draft) {
		if (!KEY.matcher(key).matches()) {
			throw new InvalidField("key",
					"key must be 1 to 64 lowercase letters, digits and hyphens, starting with a letter or digit");
		}
		if (draft.subject().length() > MAX_SUBJECT_LENGTH) {
			throw new InvalidField("subject", "subject must be at most " + MAX_SUBJECT_LENGTH + " characters");
		}
		@Nullable String name = (draft.name() != null) ? draft.name().strip() : null;
		if (name != null && (name.isEmpty() || name.length() > MAX_NAME_LENGTH)) {
			throw new InvalidField("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
		}
		TemplateSource source = new TemplateSource(key + " draft", draft.subject(), draft.html(), draft.text());
		try {
			this.renderer.check(source);
		}
		catch (TemplateRejected ex) {
			throw unprocessable("Template does not parse", "The draft was not saved: ", ex);
		}
		@Nullable MessageTemplate base = locale.isEmpty() ? null : require(partnerId, key);
		return this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			@Nullable MessageTemplate template = this.templates.findVariant(partnerId, key, locale).orElse(null);
			long templateId;
			if (template == null) {
				String newName = (name != null) ? name : (base != null) ? base.name() : key;
				templateId = this.templates.create(partnerId, key, locale, newName, now);
			}
			else {
				templateId = template.id();
				this.templates.lock(templateId);
				if (name != null) {
					this.templates.rename(templateId, name);
				}
			}
			int version = this.templates.addDraft(templateId, source, now);
			return this.templates.findVersion(require(partnerId, key, locale), version).orElseThrow();
		});
	}

	/**
	 * Publishes a version of the template: the one given, or else the newest draft. The
	 * version is first rendered with {@link SampleModels sample data}; then, in one
	 * transaction, it becomes PUBLISHED, the version published before becomes RETIRED and
	 * the template points at it. Publishing the published version again changes nothing;
	 * publishing a retired one rolls back to it.
	 * @return the published version
	 * @throws ErrorResponseException 404 for an unknown template or version, 409 when no
	 * version is given and there is no draft, 422 when the version fails to render with
	 * the sample data (nothing changes then)
	 */
	public TemplateVersion publish(long partnerId, String key, @Nullable Integer versionNumber) {
		return publish(partnerId, key, MessageTemplates.BASE, versionNumber);
	}

	/**
	 * Publishes a version of a variant of the template, as
	 * {@link #publish(long, String, Integer)} does for the base; the sample data is
	 * formatted for the variant's locale.
	 */
	public TemplateVersion publish(long partnerId, String key, String locale, @Nullable Integer versionNumber) {
		MessageTemplate template = require(partnerId, key, locale);
		TemplateVersion version = (versionNumber != null) ? requireVersion(template, versionNumber)
				: this.templates.findLatestDraft(template)
					.orElseThrow(() -> problem(HttpStatus.CONFLICT, "Nothing to publish",
							"Template '" + key + "' has no draft; save one with PUT first, or name a version."));
		if (!version.status().canBePublished()) {
			return version;
		}
		try {
			this.renderer.render(new SandboxedRenderer.Owner(partnerId, locale), version.cacheKey(), version.source(),
					SampleModels.forTemplate(template));
		}
		catch (TemplateRejected ex) {
			throw unprocessable("Template fails on sample data",
					"Version " + version.version() + " was not published, it fails to render with sample data: ", ex);
		}
		tryTheTemplatesThatIncludeIt(partnerId, template, version);
		return this.transactions.execute((status) -> {
			this.templates.lock(template.id());
			TemplateVersion current = requireVersion(template, version.version());
			if (current.status().canBePublished()) {
				this.templates.publish(template.id(), current.version(), this.clock.instant());
				this.audit.record(partnerId, "template.published", "template " + key
						+ (locale.isEmpty() ? "" : " (" + locale + ")") + " version " + current.version());
			}
			return requireVersion(template, version.version());
		});
	}

	/**
	 * @throws ErrorResponseException (404) when the partner has no template with this key
	 */
	MessageTemplate require(long partnerId, String key) {
		return this.templates.findByKey(partnerId, key)
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown template", "No template '" + key + "'."));
	}

	/**
	 * @throws ErrorResponseException (404) when the partner has no such variant of the
	 * template
	 */
	MessageTemplate require(long partnerId, String key, String locale) {
		if (locale.isEmpty()) {
			return require(partnerId, key);
		}
		return this.templates.findVariant(partnerId, key, locale)
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown template variant",
					"Template '" + key + "' has no '" + locale + "' variant."));
	}

	/**
	 * Deletes a variant of the template with its versions; messages in that language fall
	 * back as {@link LocaleChoice} says. The base variant cannot be deleted.
	 * @throws ErrorResponseException (404) when the partner has no such variant
	 */
	void deleteVariant(long partnerId, String key, String locale) {
		if (locale.isEmpty()) {
			throw new InvalidField("locale", "the base variant cannot be deleted");
		}
		MessageTemplate variant = require(partnerId, key, locale);
		this.transactions.executeWithoutResult((status) -> {
			this.templates.lock(variant.id());
			this.templates.deleteVariant(variant.id());
			this.audit.record(partnerId, "template.variant-deleted", "template " + key + " (" + locale + ")");
		});
	}

	/**
	 * @throws ErrorResponseException (404) when the template has no such version
	 */
	public TemplateVersion requireVersion(MessageTemplate template, int version) {
		return this.templates.findVersion(template, version)
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown template version",
					"Template '" + template.key() + "' has no version " + version + "."));
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

	/**
	 * Renders, with their sample data, the partner's published templates that include
	 * this one (directly or through others) as they will be once {@code version} is
	 * published, so that a footer cannot be published that breaks the messages using it.
	 * A template that fails already, with what is published now, is not this version's
	 * doing and does not hold it up.
	 * @throws ErrorResponseException 422 naming the first template that would break
	 */
	private void tryTheTemplatesThatIncludeIt(long partnerId, MessageTemplate template, TemplateVersion version) {
		PublishedTemplate candidate = new PublishedTemplate(version.id(), template.key(), template.locale(),
				version.version(), version.source());
		Map<String, List<MessageTemplate>> others = new LinkedHashMap<>();
		for (MessageTemplate other : this.templates.findByPartner(partnerId)) {
			if (other.publishedVersion() != null && !other.key().equals(template.key())) {
				others.computeIfAbsent(other.key(), (k) -> new ArrayList<>()).add(other);
			}
		}
		for (Map.Entry<String, List<MessageTemplate>> entry : others.entrySet()) {
			List<PublishedTemplate> variants = this.templates.findPublishedVariants(partnerId, entry.getKey());
			for (MessageTemplate includer : entry.getValue()) {
				PublishedTemplate published = variants.stream()
					.filter((v) -> v.locale().equals(includer.locale()))
					.findFirst()
					.orElse(null);
				SandboxedRenderer.Owner owner = new SandboxedRenderer.Owner(partnerId, includer.locale());
				if (published == null || !includes(owner, published, template.key())) {
					continue;
				}
				Map<String, Object> model = SampleModels.forTemplate(includer);
				try {
					this.renderer.renderWith(owner, published.cacheKey(), published.source(), model, candidate);
				}
				catch (TemplateRejected ex) {
					if (rendersNow(owner, published, model)) {
						String name = includer.key() + (includer.isBase() ? "" : " [" + includer.locale() + "]");
						throw unprocessable("Template would break another",
								"Version " + version.version() + " was not published: template '" + name
										+ "' includes it and fails with it on sample data: ",
								ex);
					}
				}
			}
		}
	}

	private boolean includes(SandboxedRenderer.Owner owner, PublishedTemplate published, String key) {
		try {
			return this.renderer.includedKeys(owner, published.cacheKey(), published.source()).contains(key);
		}
		catch (TemplateRejected ex) {
			return false;
		}
	}

	private boolean rendersNow(SandboxedRenderer.Owner owner, PublishedTemplate published, Map<String, Object> model) {
		try {
			this.renderer.render(owner, published.cacheKey(), published.source(), model);
			return true;
		}
		catch (TemplateRejected ex) {
			return false;
		}
	}

	private static ErrorResponseException unprocessable(String title, String detailPrefix, TemplateRejected ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				detailPrefix + ex.getMessage());
		problem.setTitle(title);
		problem.setProperty("part", ex.part());
		problem.setProperty("line", ex.line());
		problem.setProperty("column", ex.column());
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, ex);
	}

}
