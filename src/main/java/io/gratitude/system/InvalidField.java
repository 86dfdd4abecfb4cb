package io.gratitude.system;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Bad input, blamed on one field: thrown by value types and use cases when they refuse a
 * value, answered by the API as a 400 problem whose {@code field} names it (a JSON path
 * such as {@code significantDates[0].month}, or a CSV column). The message names the
 * field too, so it reads on its own in logs and row reports.
 */
public class InvalidField extends IllegalArgumentException {

	private final String field;

	public InvalidField(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The field at fault. */
	public String field() {
		return this.field;
	}

	/**
	 * The same error, for a field nested under {@code parent} (e.g.
	 * {@code significantDates[2]}).
	 */
	public InvalidField under(String parent) {
		InvalidField nested = new InvalidField(parent + "." + this.field, getMessage());
		nested.setStackTrace(getStackTrace());
		return nested;
	}

	/**
	 * The JSON path a binding error points at, as the API names fields:
	 * {@code significantDates[0].month}; empty when the error is about the document
	 * itself.
	 */
	public static String jsonPath(JacksonException ex) {
		if (ex instanceof StreamReadException && ex.processor() instanceof JsonParser parser
				&& ex.getOriginalMessage() != null && ex.getOriginalMessage().startsWith(DUPLICATE_KEY)) {
			// Refused by the parser, before any binding knew the field: the parser still
			// stands on the repeated key.
			return path(parser.streamReadContext());
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/**
	 * A key the body has no field for, blamed on its JSON path
	 * ({@code significantDates[0].lable}), with the closest known field as a suggestion
	 * when one is near: "Field 'firstname' is not known: did you mean firstName?".
	 */
	public static InvalidField unknownProperty(UnrecognizedPropertyException ex) {
		String path = jsonPath(ex);
		String name = ex.getPropertyName();
		String field = path.isEmpty() ? name : path;
		// Jackson leaves the known names out when it does not know them.
		Collection<Object> ids = ex.getKnownPropertyIds();
		List<String> known = ((ids != null) ? ids : List.<Object>of()).stream()
			.map(Objects::toString)
			.sorted()
			.toList();
		String suggestion = closest(name, known);
		String hint = (suggestion != null) ? "did you mean " + suggestion + "?" : known.isEmpty()
				? "this object takes no fields." : "the known fields are " + String.join(", ", known) + ".";
		return new InvalidField(field, "Field '" + field + "' is not known: " + hint);
	}

	/**
	 * The known name nearest to {@code name}: the same but for case, else at most a third
	 * of its letters (and at least one) away by edit distance.
	 */
	private static @Nullable String closest(String name, List<String> known) {
		for (String candidate : known) {
			if (candidate.equalsIgnoreCase(name)) {
				return candidate;
			}
		}
		String lower = name.toLowerCase(Locale.ROOT);
		int limit = Math.max(1, name.length() / 3);
		return known.stream()
			.filter(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT)) <= limit)
			.min(Comparator.comparingInt(candidate -> distance(lower, candidate.toLowerCase(Locale.ROOT))))
			.orElse(null);
	}

	/**
	 * Edit distance counting a swap of two neighbours as one edit ({@code lable} is one
	 * from {@code label}); both names are short (a body's field names).
	 */
	private static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	/**
	 * How Jackson's parser words a repeated key (StreamReadFeature
	 * STRICT_DUPLICATE_DETECTION); it has no exception type of its own.
	 */
	private static final String DUPLICATE_KEY = "Duplicate Object property";

	private static String path(TokenStreamContext context) {
		StringBuilder path = new StringBuilder();
		for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
			if (at.inArray()) {
				path.insert(0, "[" + at.getCurrentIndex() + "]");
			}
			else if (at.currentName() != null) {
				path.insert(0, ((at.getParent() != null && !at.getParent().inRoot()) ? "." : "") + at.currentName());
			}
		}
		return path.toString();
	}

}
