package io.gratitude.template;

import java.util.ArrayDeque;
import java.util.Deque;
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
 * <li>{@code #include}, {@code #import} and {@code .get_optional_template}: there is
 * nothing a template may load yet.</li>
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

	private static final Pattern TEMPLATE_LOOKUP = Pattern.compile("\\.(get_optional_template|getOptionalTemplate)\\b");

	private ForbiddenConstructs() {
	}

	/**
	 * @throws TemplateRejected at the first forbidden construct found in {@code template}
	 */
	static void rejectIfPresent(Template template, String part) {
		Deque<TemplateElement> pending = new ArrayDeque<>();
		pending.push(template.getRootTreeNode());
		while (!pending.isEmpty()) {
			TemplateElement element = pending.pop();
			if (!"TextBlock".equals(element.getNodeName())) {
				rejectIfForbidden(element, part);
			}
			for (int i = element.getChildCount() - 1; i >= 0; i--) {
				pending.push((TemplateElement) element.getChildAt(i));
			}
		}
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
		if (description.startsWith("#include ")) {
			return "#include is not allowed in templates";
		}
		if (description.startsWith("#import ")) {
			return "#import is not allowed in templates";
		}
		if (description.startsWith("#noautoesc") || description.startsWith("#noAutoEsc")
				|| description.startsWith("#outputformat") || description.startsWith("#outputFormat")) {
			return description.split("[ >]", 2)[0]
					+ " is not allowed in templates: every value in the HTML part is escaped";
		}
		return null;
	}

}
