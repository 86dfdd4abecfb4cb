package io.gratitude;

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

}
