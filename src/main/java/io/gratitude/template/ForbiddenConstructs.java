package io.gratitude.template;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import freemarker.core.TemplateElement;
import freemarker.template.Template;
import org.jspecify.annotations.Nullable;

/**
 * Finds, right after parsing, the constructs the sandbox does not run, so that staff hear
 * about them when they save a template rather than when a message fails to send.
 * <ul>
 * <li>{@code ?new} and {@code ?api}: class instantiation and Java API access (also locked
 * at run time by the Configuration; this is the friendly, early error).</li>
 * <li>{@code ?eval} and {@code ?interpret}: code built at run time escapes this check,
 * and templates made by {@code ?interpret} get no interruption checks, so they could run
 * past the time limit.</li>
 * <li>inline lambdas ({@code x -> ...}): FreeMarker runs them inside built-ins such as
 * {@code ?filter} without any interruption check; a {@code #function} does the same job
 * and can be stopped.</li>
 * <li>{@code #include} and {@code #import} of anything but one of the partner's own
 * templates, named by its key in a plain string ({@code <#include "footer">},
 * {@code <#import "macros" as m>}): no paths, no names built at run time, no options; and
 * {@code .get_optional_template}. The keys a template includes are returned, so that the
 * renderer can find them before it renders.</li>
 * <li>{@code ?no_esc}, {@code #noautoesc} and {@code #outputformat}: they would print a
 * value (a contact's name, say) unescaped into the HTML part.</li>
 * </ul>
 * FreeMarker has no public AST API; this walks the elements of the parsed template (the
 * internal, deprecated but stable {@code TemplateElement} tree also used by FreeMarker's
 * own tools) and looks at each directive's or interpolation's canonical form, in which
 * built-ins always read {@code ?name} and {@code >} inside string literals is escaped, so
 * text and string contents do not trigger false alarms.
 */
@SuppressWarnings("deprecation")
final class ForbiddenConstructs {

	private static final Pattern FORBIDDEN_BUILT_IN = Pattern.compile("\\?(new|api|eval|interpret|no_esc|noEsc)\\b");

	private static final Pattern INLINE_LAMBDA = Pattern.compile("->");

	/** A template key, as {@code TemplateEditing} accepts one, in a plain string. */
	private static final String KEY_LITERAL = "\"([a-z0-9][a-z0-9-]{0,63})\"";

	private static final Pattern INCLUDE = Pattern.compile("#include " + KEY_LITERAL);

	private static final Pattern IMPORT = Pattern.compile("#import " + KEY_LITERAL + " as [\\p{L}_$][\\p{L}\\p{N}_$]*");

	private static final Pattern TEMPLATE_LOOKUP = Pattern.compile("\\.(get_optional_template|getOptionalTemplate)\\b");

	private ForbiddenConstructs() {
	}

	/**
	 * @return the keys of the templates {@code template} includes or imports, in the
	 * order they first appear
	 * @throws TemplateRejected at the first forbidden construct found in {@code template}
	 */
	static Set<String> rejectIfPresent(Template template, String part) {
		Set<String> included = new LinkedHashSet<>();
		Deque<TemplateElement> pending = new ArrayDeque<>();
		pending.push(template.getRootTreeNode());
		while (!pending.isEmpty()) {
			TemplateElement element = pending.pop();
			if (!"TextBlock".equals(element.getNodeName())) {
				rejectIfForbidden(element, part);
				String description = element.getDescription();
				if (description.startsWith("#include ") || description.startsWith("#import ")) {
					included.add(includedKey(element, part));
				}
			}
			for (int i = element.getChildCount() - 1; i >= 0; i--) {
				pending.push((TemplateElement) element.getChildAt(i));
			}
		}
		return included;
	}

	private static String includedKey(TemplateElement element, String part) {
		String description = element.getDescription();
		Matcher include = INCLUDE.matcher(description);
		Matcher importing = IMPORT.matcher(description);
		String key = include.matches() ? include.group(1) : importing.matches() ? importing.group(1) : null;
		if (key == null) {
			String directive = description.startsWith("#include ") ? "#include" : "#import";
			throw new TemplateRejected(part, element.getBeginLine(), element.getBeginColumn(),
					directive + " takes the key of one of your templates in quotes, such as " + directive
							+ " \"footer\"" + (directive.equals("#import") ? " as f" : "") + ", and no options");
		}
		return key;
	}

	private static void rejectIfForbidden(TemplateElement element, String part) {
		String reason = forbiddenIn(element.getDescription());
		if (reason != null) {
			throw new TemplateRejected(part, element.getBeginLine(), element.getBeginColumn(), reason);
		}
	}

	private static @Nullable String forbiddenIn(String description) {
		Matcher builtIn = FORBIDDEN_BUILT_IN.matcher(description);
		if (builtIn.find()) {
			return "?" + builtIn.group(1) + " is not allowed in templates";
		}
		if (TEMPLATE_LOOKUP.matcher(description).find()) {
			return ".get_optional_template is not allowed in templates";
		}
		if (INLINE_LAMBDA.matcher(description).find()) {
			return "inline lambdas (x -> ...) are not allowed in templates, because they cannot be stopped"
					+ " when they run too long; pass a #function instead";
		}
		if (description.startsWith("#noautoesc") || description.startsWith("#noAutoEsc")
				|| description.startsWith("#outputformat") || description.startsWith("#outputFormat")) {
			return description.split("[ >]", 2)[0]
					+ " is not allowed in templates: every value in the HTML part is escaped";
		}
		return null;
	}

}
