package io.gratitude.contact;

import io.gratitude.system.InvalidField;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader: comma-separated fields, records ended by CRLF (a bare LF or
 * CR is accepted too), fields in double quotes may hold commas, line breaks and quotes
 * written twice ({@code ""}). A leading byte order mark is ignored. Anything else about
 * quotes (a quote inside an unquoted field, text after a closing quote, a quote never
 * closed) is refused, naming the record: {@code header} for the first one, {@code row N}
 * for the N-th after it.
 */
final class Csv {

	private Csv() {
	}

	/**
	 * The records of {@code text}, header first. A blank line is a record holding one
	 * empty field; a line break at the very end ends the last record and adds none.
	 */
	static List<List<String>> parse(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int n = text.length();
		int i = text.startsWith("\uFEFF") ? 1 : 0;
		while (i < n) {
			if (text.charAt(i) == '"') {
				i++;
				while (true) {
					if (i >= n) {
						throw broken(records.size(), "a quoted field is never closed");
					}
					char c = text.charAt(i++);
					if (c != '"') {
						field.append(c);
					}
					else if (i < n && text.charAt(i) == '"') {
						field.append('"');
						i++;
					}
					else {
						break;
					}
				}
				if (i < n && !isSeparator(text.charAt(i))) {
					throw broken(records.size(),
							"text after a closing quote (a quote inside a quoted field is written \"\")");
				}
			}
			else {
				while (i < n && !isSeparator(text.charAt(i))) {
					if (text.charAt(i) == '"') {
						throw broken(records.size(),
								"a quote inside an unquoted field (quote the whole field and write the quote as \"\")");
					}
					field.append(text.charAt(i++));
				}
			}
			record.add(field.toString());
			field.setLength(0);
			if (i < n && text.charAt(i) == ',') {
				i++;
				if (i == n) {
					record.add("");
				}
				else {
					continue;
				}
			}
			else if (i < n) {
				// A line break: CRLF, LF or CR.
				i += (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
			}
			records.add(record);
			record = new ArrayList<>();
		}
		return records;
	}

	/** The name of a record in errors and reports: "header", or "row N" after it. */
	static String recordName(int index) {
		return (index == 0) ? "header" : "row " + index;
	}

	private static boolean isSeparator(char c) {
		return c == ',' || c == '\r' || c == '\n';
	}

	private static InvalidField broken(int index, String reason) {
		return new InvalidField(recordName(index), "CSV " + recordName(index) + ": broken quoting: " + reason);
	}

}
