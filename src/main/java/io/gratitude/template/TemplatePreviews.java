package io.gratitude.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Renders any version of a partner's template on request, for previews and test sends:
 * with the sample data publication uses, or with a model the caller builds (e.g. from a
 * stored contact). Has no side effects beyond the renderer's cache of parsed versions.
 */
@Service
public class TemplatePreviews {

	private final TemplateEditing editing;

	private final MessageTemplates templates;

	private final SandboxedRenderer renderer;

	TemplatePreviews(TemplateEditing editing, MessageTemplates templates, SandboxedRenderer renderer) {
		this.editing = editing;
		this.templates = templates;
		this.renderer = renderer;
	}

	/**
	 * A rendered version.
	 *
	 * @param key the template's key
	 * @param version the version that was rendered
	 * @param message the rendered subject (one line), HTML and text
	 */
	public record Preview(String key, int version, RenderedMessage message) {
	}

	/**
	 * Renders the version with the sample data a version must render with to be published
	 * (every value of the template model, plausible).
	 * @param version the version to render; {@code null}: the newest draft, else the
	 * published version
	 * @throws ErrorResponseException 404 for an unknown template or version, 422 with
	 * {@code part}, {@code line} and {@code column} when the version does not render
	 */
	public Preview renderWithSampleData(long partnerId, String key, @Nullable Integer version) {
		return renderWithSampleData(partnerId, key, MessageTemplates.BASE, version);
	}

	/**
	 * Renders a version of a variant with the sample data, its dates and amounts
	 * formatted for the variant's locale.
	 * @param locale a canonical language tag, or {@link MessageTemplates#BASE}
	 */
	public Preview renderWithSampleData(long partnerId, String key, String locale, @Nullable Integer version) {
		MessageTemplate template = this.editing.require(partnerId, key, locale);
		return render(partnerId, template, select(template, version), SampleModels.forTemplate(template));
	}

	/**
	 * Renders a version of a variant with the given model.
	 * @param locale a canonical language tag, or {@link MessageTemplates#BASE}
	 */
	public Preview render(long partnerId, String key, String locale, @Nullable Integer version, Map<String, ?> model) {
		MessageTemplate template = this.editing.require(partnerId, key, locale);
		return render(partnerId, template, select(template, version), model);
	}

	/**
	 * Whether the partner's template has a variant in this locale.
	 * @param locale a canonical language tag, or {@link MessageTemplates#BASE}
	 */
	public boolean hasVariant(long partnerId, String key, String locale) {
		return this.templates.findVariant(partnerId, key, locale).isPresent();
	}

	/**
	 * Renders the version with the given model.
	 * @param version the version to render; {@code null}: the newest draft, else the
	 * published version
	 * @param model plain data only (see {@link SandboxedRenderer#render})
	 * @throws ErrorResponseException 404 for an unknown template or version, 422 with
	 * {@code part}, {@code line} and {@code column} when the version does not render
	 */
	public Preview render(long partnerId, String key, @Nullable Integer version, Map<String, ?> model) {
		MessageTemplate template = this.editing.require(partnerId, key);
		return render(partnerId, template, select(template, version), model);
	}

	/**
	 * The parse problems of an unsaved draft, each part checked on its own so that a
	 * mistake in the subject does not hide one in the HTML. No side effects.
	 * @return at most one problem per part, in the order subject, HTML, text; empty when
	 * every part parses
	 */
	public List<TemplateRejected> checkDraft(String subject, String html, String text) {
		List<TemplateRejected> problems = new ArrayList<>();
		List<TemplateSource> parts = List.of(new TemplateSource("draft", subject, "", ""),
				new TemplateSource("draft", "", html, ""), new TemplateSource("draft", "", "", text));
		for (TemplateSource part : parts) {
			try {
				this.renderer.check(part);
			}
			catch (TemplateRejected ex) {
				problems.add(ex);
			}
		}
		return problems;
	}

	/**
	 * Renders an unsaved draft of the partner's template, as the live preview shows it,
	 * with the given model or else the sample data publication uses. Nothing is stored or
	 * cached.
	 * @param model plain data only (see {@link SandboxedRenderer#render}); {@code null}:
	 * the sample data
	 * @throws ErrorResponseException 404 for an unknown template
	 * @throws TemplateRejected when the draft does not parse or render
	 */
	public RenderedMessage renderDraft(long partnerId, String key, String subject, String html, String text,
			@Nullable Map<String, ?> model) {
		return renderDraft(partnerId, key, MessageTemplates.BASE, subject, html, text, model);
	}

	/**
	 * Renders an unsaved draft of a variant; the sample data is formatted for its locale.
	 * @param locale a canonical language tag, or {@link MessageTemplates#BASE}
	 */
	public RenderedMessage renderDraft(long partnerId, String key, String locale, String subject, String html,
			String text, @Nullable Map<String, ?> model) {
		MessageTemplate template = this.editing.require(partnerId, key, locale);
		return this.renderer.renderUncached(new SandboxedRenderer.Owner(partnerId, locale),
				new TemplateSource(key + " draft", subject, html, text),
				(model != null) ? model : SampleModels.forTemplate(template));
	}

	private Preview render(long partnerId, MessageTemplate template, TemplateVersion version, Map<String, ?> model) {
		try {
			return new Preview(template.key(), version.version(),
					this.renderer.render(new SandboxedRenderer.Owner(partnerId, template.locale()), version.cacheKey(),
							version.source(), model));
		}
		catch (TemplateRejected ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
					"Version " + version.version() + " does not render: " + ex.getMessage());
			problem.setTitle("Template does not render");
			problem.setProperty("version", version.version());
			problem.setProperty("part", ex.part());
			problem.setProperty("line", ex.line());
			problem.setProperty("column", ex.column());
			throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, ex);
		}
	}

	/** The version asked for, else what publishing would publish, else what is sent. */
	private TemplateVersion select(MessageTemplate template, @Nullable Integer version) {
		if (version != null) {
			return this.editing.requireVersion(template, version);
		}
		return this.templates.findLatestDraft(template)
			.or(() -> (template.publishedVersion() != null)
					? this.templates.findVersion(template, template.publishedVersion()) : Optional.empty())
			.orElseGet(() -> this.editing.requireVersion(template, template.latestVersion()));
	}

}
