package io.gratitude.system;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;

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
