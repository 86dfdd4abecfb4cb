package io.gratitude.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import io.gratitude.system.LocaleTags;
import io.gratitude.template.DefaultTemplates;
import io.gratitude.template.MessageTemplate;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.SampleModels;
import io.gratitude.template.TemplateEditing;
import io.gratitude.template.TemplateSource;
import io.gratitude.template.TemplateStatus;
import io.gratitude.template.TemplateVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's Templates section: the partner's templates, the editor (save a draft,
 * publish, the variables a template may use) and the versions with a diff and restore.
 * The live preview and test sends live in outreach ({@code TemplateTrialPages}), since a
 * preview for a real contact needs the outreach model.
 */
@Controller
class TemplatePages {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

	private final MessageTemplates templates;

	private final TemplateEditing editing;

	private final DefaultTemplates defaults;

	TemplatePages(MessageTemplates templates, TemplateEditing editing, DefaultTemplates defaults) {
		this.templates = templates;
		this.editing = editing;
		this.defaults = defaults;
	}

	/** A row of the template list. */
	record TemplateRow(String key, String name, @Nullable Integer publishedVersion, @Nullable Integer draftVersion,
			String lastChange) {
	}

	/** A row of the versions table. */
	record VersionRow(int version, String status, String createdAt, @Nullable String publishedAt, boolean current) {
	}

	/** A value of the template model, and what clicking it inserts. */
	record Variable(String path, String insert, String example) {
	}

	/** One line of a unified diff: its kind (add, del, hunk, same), marker and text. */
	record DiffLine(String kind, String marker, String text) {
	}

	/** The diff of one part (subject, HTML, text). */
	record PartDiff(String part, List<DiffLine> lines, boolean same) {
	}

	@GetMapping("/console/partners/{partnerId}/templates")
	String list(ConsolePartner console, Model model) {
		ZoneId zone = console.partner().timeZone();
		List<TemplateRow> rows = this.templates.findByPartner(console.id()).stream().map((t) -> {
			List<TemplateVersion> versions = this.templates.findVersions(t);
			Integer draft = versions.stream()
				.filter((v) -> v.status() == TemplateStatus.DRAFT)
				.map(TemplateVersion::version)
				.findFirst()
				.orElse(null);
			Instant last = versions.stream()
				.map((v) -> (v.publishedAt() != null && v.publishedAt().isAfter(v.createdAt())) ? v.publishedAt()
						: v.createdAt())
				.max(Instant::compareTo)
				.orElse(null);
			return new TemplateRow(t.key(), t.name(), t.publishedVersion(), draft,
					(last != null) ? WHEN.format(last.atZone(zone)) : "—");
		}).toList();
		model.addAttribute("templates", rows);
		return "console/templates";
	}

	/** A tab of the editor's language switcher: {@code locale} empty for the base. */
	record VariantTab(String locale, String label, boolean published, boolean current) {
	}

	@GetMapping("/console/partners/{partnerId}/templates/{key}")
	String editor(ConsolePartner console, @PathVariable String key, @RequestParam(defaultValue = "") String locale,
			Model model) {
		MessageTemplate template = requireTemplate(console, key, locale);
		TemplateVersion editing = editingVersion(template);
		if (!model.containsAttribute("subject")) {
			model.addAttribute("subject", editing.source().subject());
			model.addAttribute("html", editing.source().html());
			model.addAttribute("text", editing.source().text());
		}
		return editorPage(console, template, editing, model);
	}

	@PostMapping("/console/partners/{partnerId}/templates/{key}/locales")
	String addLanguage(ConsolePartner console, @PathVariable String key, @RequestParam(defaultValue = "") String locale,
			RedirectAttributes redirect) {
		MessageTemplate base = requireTemplate(console, key);
		String tag;
		try {
			tag = LocaleTags.require(locale, "locale");
		}
		catch (InvalidField ex) {
			redirect.addFlashAttribute("localeError", "Enter a language tag such as fr, de or pt-BR.");
			redirect.addFlashAttribute("localeValue", locale);
			return "redirect:/console/partners/" + console.id() + "/templates/" + key;
		}
		if (this.templates.findVariant(console.id(), key, tag).isEmpty()) {
			TemplateSource start = this.defaults.source(key, tag).orElse(editingVersion(base).source());
			this.editing.saveDraft(console.id(), key, tag,
					new TemplateEditing.Draft(start.subject(), start.html(), start.text(), null));
			redirect.addFlashAttribute("saved",
					"Added the " + tag + " variant as a draft, copied from the base. Translate it, then publish it.");
		}
		return "redirect:/console/partners/" + console.id() + "/templates/" + key + "?locale=" + tag;
	}

	@PostMapping("/console/partners/{partnerId}/templates/{key}")
	String save(ConsolePartner console, @PathVariable String key, @RequestParam(defaultValue = "") String subject,
			@RequestParam(defaultValue = "") String html, @RequestParam(defaultValue = "") String text,
			@RequestParam(defaultValue = "save") String action, @RequestParam(defaultValue = "") String locale,
			Model model, RedirectAttributes redirect) {
		MessageTemplate template = requireTemplate(console, key, locale);
		TemplateSource wanted = new TemplateSource("draft", normalize(subject), normalize(html), normalize(text));
		try {
			Optional<TemplateVersion> draft = this.templates.findLatestDraft(template);
			TemplateVersion published = (template.publishedVersion() != null)
					? this.editing.requireVersion(template, template.publishedVersion()) : null;
			boolean sameAsDraft = draft.isPresent() && sameTexts(draft.get().source(), wanted);
			boolean sameAsPublished = draft.isEmpty() && published != null && sameTexts(published.source(), wanted);
			String message;
			if ("publish".equals(action)) {
				if (sameAsPublished) {
					message = "Version " + published.version() + " is already published; nothing changed.";
				}
				else {
					int version = sameAsDraft ? draft.get().version() : saveDraft(console, template, wanted).version();
					this.editing.publish(console.id(), key, template.locale(), version);
					message = "Published version " + version + ". New messages use it from now on.";
				}
			}
			else if (sameAsDraft || sameAsPublished) {
				message = "No changes to save.";
			}
			else {
				message = "Saved draft version " + saveDraft(console, template, wanted).version() + ".";
			}
			redirect.addFlashAttribute("saved", message);
			return "redirect:/console/partners/" + console.id() + "/templates/" + key + query(template);
		}
		catch (ErrorResponseException ex) {
			if (ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
				throw ex;
			}
			return rejected(console, template, wanted, problemText(ex), partOf(ex), model);
		}
		catch (IllegalArgumentException ex) {
			return rejected(console, template, wanted, ex.getMessage(), "subject", model);
		}
	}

	@GetMapping("/console/partners/{partnerId}/templates/{key}/versions/{version}")
	String version(ConsolePartner console, @PathVariable String key, @PathVariable int version,
			@RequestParam(required = false) @Nullable Integer against, @RequestParam(defaultValue = "") String locale,
			Model model) {
		MessageTemplate template = requireTemplate(console, key, locale);
		TemplateVersion shown = requireVersion(template, version);
		TemplateVersion current = (against != null) ? requireVersion(template, against) : editingVersion(template);
		model.addAttribute("template", template);
		model.addAttribute("shown", row(shown, console.partner().timeZone(), current));
		model.addAttribute("source", shown.source());
		model.addAttribute("against", row(current, console.partner().timeZone(), current));
		model.addAttribute("versions",
				this.templates.findVersions(template)
					.stream()
					.map((v) -> row(v, console.partner().timeZone(), current))
					.toList());
		String from = "v" + shown.version();
		String to = "v" + current.version();
		model.addAttribute("diffs",
				List.of(diff("Subject", from, to, shown.source().subject(), current.source().subject()),
						diff("HTML body", from, to, shown.source().html(), current.source().html()),
						diff("Text body", from, to, shown.source().text(), current.source().text())));
		return "console/template-version";
	}

	@PostMapping("/console/partners/{partnerId}/templates/{key}/versions/{version}/restore")
	String restore(ConsolePartner console, @PathVariable String key, @PathVariable int version,
			@RequestParam(defaultValue = "") String locale, RedirectAttributes redirect) {
		MessageTemplate template = requireTemplate(console, key, locale);
		TemplateVersion old = requireVersion(template, version);
		TemplateVersion draft = saveDraft(console, template, old.source());
		redirect.addFlashAttribute("saved",
				"Version " + version + " was copied into a new draft, version " + draft.version() + ".");
		return "redirect:/console/partners/" + console.id() + "/templates/" + key + query(template);
	}

	private TemplateVersion saveDraft(ConsolePartner console, String key, TemplateSource source) {
		return this.editing.saveDraft(console.id(), key,
				new TemplateEditing.Draft(source.subject(), source.html(), source.text(), null));
	}

	private TemplateVersion saveDraft(ConsolePartner console, MessageTemplate template, TemplateSource source) {
		return this.editing.saveDraft(console.id(), template.key(), template.locale(),
				new TemplateEditing.Draft(source.subject(), source.html(), source.text(), null));
	}

	/** The editor's query string for the variant: none for the base. */
	private static String query(MessageTemplate template) {
		return template.isBase() ? "" : "?locale=" + template.locale();
	}

	private String rejected(ConsolePartner console, MessageTemplate template, TemplateSource wanted, String message,
			String part, Model model) {
		model.addAttribute("subject", wanted.subject());
		model.addAttribute("html", wanted.html());
		model.addAttribute("text", wanted.text());
		model.addAttribute("saveError", message);
		model.addAttribute("saveErrorPart", part);
		editorPage(console, template, editingVersion(template), model);
		return "console/template";
	}

	private String editorPage(ConsolePartner console, MessageTemplate template, TemplateVersion editing, Model model) {
		ZoneId zone = console.partner().timeZone();
		TemplateVersion current = editingVersion(template);
		model.addAttribute("template", template);
		model.addAttribute("editing", row(editing, zone, current));
		model.addAttribute("hasDraft", editing.status() == TemplateStatus.DRAFT);
		model.addAttribute("versions",
				this.templates.findVersions(template).stream().map((v) -> row(v, zone, current)).toList());
		model.addAttribute("variables", variables(SampleModels.forTemplate(template)));
		// The partner's other published templates, to #include (templates/README.md,
		// "Shared parts").
		model.addAttribute("includable", this.templates.findByPartner(console.id())
			.stream()
			.filter((t) -> t.locale().isEmpty() && t.publishedVersion() != null && !t.key().equals(template.key()))
			.map(MessageTemplate::key)
			.distinct()
			.sorted()
			.toList());
		model.addAttribute("testTo", console.staff().email());
		model.addAttribute("locale", template.locale());
		model.addAttribute("localeQuery", query(template));
		model.addAttribute("variantTabs",
				this.templates.findVariants(console.id(), template.key())
					.stream()
					.map((v) -> new VariantTab(v.locale(), v.isBase() ? "Base" : v.locale(),
							v.publishedVersion() != null, v.locale().equals(template.locale())))
					.toList());
		return "console/template";
	}

	private MessageTemplate requireTemplate(ConsolePartner console, String key) {
		return this.templates.findByKey(console.id(), key)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/** A variant of the partner's template: 404 for one it does not have. */
	private MessageTemplate requireTemplate(ConsolePartner console, String key, String locale) {
		if (locale.isBlank()) {
			return requireTemplate(console, key);
		}
		String tag;
		try {
			tag = LocaleTags.require(locale, "locale");
		}
		catch (InvalidField ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return this.templates.findVariant(console.id(), key, tag)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private TemplateVersion requireVersion(MessageTemplate template, int version) {
		return this.templates.findVersion(template, version)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/**
	 * What the editor opens: the newest draft, else the published version, else the
	 * newest.
	 */
	private TemplateVersion editingVersion(MessageTemplate template) {
		return this.templates.findLatestDraft(template)
			.or(() -> (template.publishedVersion() != null)
					? this.templates.findVersion(template, template.publishedVersion()) : Optional.empty())
			.orElseGet(() -> requireVersion(template, template.latestVersion()));
	}

	private static VersionRow row(TemplateVersion v, ZoneId zone, TemplateVersion current) {
		return new VersionRow(v.version(), label(v.status()), WHEN.format(v.createdAt().atZone(zone)),
				(v.publishedAt() != null) ? WHEN.format(v.publishedAt().atZone(zone)) : null,
				v.version() == current.version());
	}

	private static String label(TemplateStatus status) {
		return switch (status) {
			case DRAFT -> "Draft";
			case PUBLISHED -> "Published";
			case RETIRED -> "Retired";
		};
	}

	private static boolean sameTexts(TemplateSource a, TemplateSource b) {
		return a.subject().equals(b.subject()) && a.html().equals(b.html()) && a.text().equals(b.text());
	}

	/** Browsers submit textareas with CRLF line breaks; templates are stored with LF. */
	private static String normalize(String value) {
		return value.replace("\r\n", "\n");
	}

	private static String problemText(ErrorResponseException ex) {
		String detail = ex.getBody().getDetail();
		return (detail != null) ? detail : "The template was refused.";
	}

	private static String partOf(ErrorResponseException ex) {
		Map<String, Object> properties = ex.getBody().getProperties();
		Object part = (properties != null) ? properties.get("part") : null;
		return (part != null) ? part.toString() : "html";
	}

	static PartDiff diff(String part, String fromName, String toName, String from, String to) {
		List<String> original = lines(from);
		List<String> revised = lines(to);
		Patch<String> patch = DiffUtils.diff(original, revised);
		if (patch.getDeltas().isEmpty()) {
			return new PartDiff(part, List.of(), true);
		}
		List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, original, patch, 3);
		List<DiffLine> lines = new ArrayList<>();
		// the first two lines name the files (--- and +++): the page says that already
		for (String line : unified.subList(Math.min(2, unified.size()), unified.size())) {
			if (line.startsWith("@@")) {
				lines.add(new DiffLine("hunk", "", line));
			}
			else if (line.startsWith("+")) {
				lines.add(new DiffLine("add", "+", line.substring(1)));
			}
			else if (line.startsWith("-")) {
				lines.add(new DiffLine("del", "−", line.substring(1)));
			}
			else {
				lines.add(new DiffLine("same", " ", line.isEmpty() ? "" : line.substring(1)));
			}
		}
		return new PartDiff(part, lines, false);
	}

	private static List<String> lines(String text) {
		return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
	}

	/** Every value of the model as a FreeMarker path, lists as a #list to fill in. */
	static List<Variable> variables(Map<String, ?> model) {
		List<Variable> variables = new ArrayList<>();
		collect("", model, variables);
		return variables;
	}

	private static void collect(String prefix, Map<String, ?> map, List<Variable> into) {
		for (Map.Entry<String, ?> entry : map.entrySet()) {
			String path = prefix + entry.getKey();
			Object value = entry.getValue();
			if (value instanceof Map<?, ?> nested) {
				@SuppressWarnings("unchecked")
				Map<String, ?> typed = (Map<String, ?>) nested;
				collect(path + ".", typed, into);
			}
			else if (value instanceof List<?> list) {
				into.add(new Variable(path, "<#list " + path + " as item>\n</#list>", list.size() + " items"));
			}
			else {
				into.add(new Variable(path, "${" + path + "}", String.valueOf(value)));
			}
		}
	}

}
