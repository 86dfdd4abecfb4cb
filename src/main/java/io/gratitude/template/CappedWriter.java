package io.gratitude.template;

import java.io.IOException;
import java.io.Writer;

/**
 * Collects a part's output and fails as soon as it grows past the limit, so a template
 * that multiplies its output (billion-laughs style) stops early instead of filling the
 * heap.
 */
final class CappedWriter extends Writer {

	private final StringBuilder output = new StringBuilder();

	private final int maxChars;

	CappedWriter(int maxChars) {
		this.maxChars = maxChars;
	}

	@Override
	public void write(char[] chars, int offset, int length) throws IOException {
		ensureRoomFor(length);
		this.output.append(chars, offset, length);
	}

	@Override
	public void write(String string, int offset, int length) throws IOException {
		ensureRoomFor(length);
		this.output.append(string, offset, offset + length);
	}

	@Override
	public void write(int c) throws IOException {
		ensureRoomFor(1);
		this.output.append((char) c);
	}

	private void ensureRoomFor(int length) throws OutputTooLarge {
		// long arithmetic: a single huge write must not overflow past the check
		if ((long) this.output.length() + length > this.maxChars) {
			throw new OutputTooLarge(this.maxChars);
		}
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return this.output.toString();
	}

	/**
	 * Thrown by the writer; an IOException so that FreeMarker passes it through untouched
	 * ({@code #attempt} only recovers from TemplateException).
	 */
	static final class OutputTooLarge extends IOException {

		private static final long serialVersionUID = 1L;

		OutputTooLarge(int maxChars) {
			super("output exceeds " + maxChars + " characters");
		}

	}

}
