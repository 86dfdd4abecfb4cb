package io.gratitude.system;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Route templates as Spring MVC maps them ({@code /x/{id}}, {@code /x/{id:\d+}}). */
public final class RouteTemplates {

	/** A path variable; group 1 is its name. */
	public static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

	private RouteTemplates() {
	}

	/** The path with each variable replaced by the value named for it. */
	public static String expand(String template, UnaryOperator<String> valueOf) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(path, Matcher.quoteReplacement(valueOf.apply(matcher.group(1))));
		}
		matcher.appendTail(path);
		return path.toString();
	}

}
