package io.gratitude.template;

import org.jspecify.annotations.Nullable;

/**
 * A template that cannot be parsed or rendered: a syntax error, a forbidden construct, a
 * runtime error (e.g. a missing value without a default), or a render that ran too long
 * or produced too much output. The message is meant for the staff member who wrote the
 * template, e.g. {@code "html line 3, column 14: The following has evaluated to null or
 * missing: ..."}.
 */
public class TemplateRejected extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String part;

	private final int line;

	private final int column;

	private final String reason;

	/**
	 * @param part {@code "subject"}, {@code "html"} or {@code "text"}
	 * @param line 1-based line in that part, 0 when unknown
	 * @param column 1-based column in that part, 0 when unknown
	 * @param reason what is wrong, without the location
	 */
	public TemplateRejected(String part, int line, int column, String reason) {
		this(part, line, column, reason, null);
	}

	TemplateRejected(String part, int line, int column, String reason, @Nullable Throwable cause) {
		super(describe(part, line, column, reason), cause);
		this.part = part;
		this.line = Math.max(line, 0);
		this.column = Math.max(column, 0);
		this.reason = reason;
	}

	private static String describe(String part, int line, int column, String reason) {
		if (line <= 0) {
			return part + ": " + reason;
		}
		if (column <= 0) {
			return part + " line " + line + ": " + reason;
		}
		return part + " line " + line + ", column " + column + ": " + reason;
	}

	/**
	 * @return the rejected part: {@code "subject"}, {@code "html"} or {@code "text"}
	 */
	public String part() {
		return this.part;
	}

	/**
	 * @return the 1-based line of the problem, 0 when unknown
	 */
	public int line() {
		return this.line;
	}

	/**
	 * @return the 1-based column of the problem, 0 when unknown
	 */
	public int column() {
		return this.column;
	}

	/**
	 * @return what is wrong, without the part and location
	 */
	public String reason() {
		return this.reason;
	}

}
