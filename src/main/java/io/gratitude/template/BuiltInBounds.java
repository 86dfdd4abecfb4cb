package io.gratitude.template;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import freemarker.core.BuiltInGuards;
import freemarker.template.TemplateCollectionModelEx;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import org.jspecify.annotations.Nullable;

/**
 * How much work one call of a built-in may do, decided before it starts (see
 * {@link BuiltInGuards} for how FreeMarker is made to ask). A FreeMarker built-in runs as
 * one Java loop that neither the time limit nor a cancelled render can stop, and that can
 * keep the JVM from reaching a safepoint; so each is held to inputs whose worst case is
 * far below the render time limit:
 * <ul>
 * <li>built-ins that walk a sequence or hash ({@code ?seq_contains}, {@code ?join},
 * {@code ?sort}, {@code ?keys}...): at most {@link TemplateLimits#maxSequenceSize()}
 * elements, however the sequence was made (a range {@code 1..n}, {@code a..<b},
 * {@code a..*n}, a list, a concatenation);</li>
 * <li>built-ins that search a text ({@code ?index_of}, {@code ?contains},
 * {@code ?replace}, {@code ?split}, {@code ?matches}, {@code ?keep_before}...): a text of
 * at most {@link TemplateLimits#maxSearchText()} characters and string arguments of at
 * most {@link TemplateLimits#maxArgumentLength()}, so a search costs at most their
 * product; a regular expression is first tried on the text under
 * {@link TemplateLimits#regexTimeout()}, so catastrophic backtracking is refused;</li>
 * <li>{@code ?left_pad} and {@code ?right_pad}: at most
 * {@link TemplateLimits#maxPadWidth()} wide; {@code ?join} and {@code ?replace}: a result
 * of at most {@link TemplateLimits#maxBuiltString()} characters, estimated from the
 * inputs;</li>
 * <li>{@code +} (and {@code +=}) of two sequences or two hashes: a result of at most
 * {@link TemplateLimits#maxSequenceSize()} elements or entries, refused before it is
 * made; it is made flat, so its size is known at once (FreeMarker's own would be a lazy
 * tree that a sequence doubled in a loop makes exponentially large);</li>
 * <li>formats ({@code ?string("0.00")}, {@code ?date("yyyy-MM-dd")}...): arguments of at
 * most {@link TemplateLimits#maxArgumentLength()}.</li>
 * </ul>
 * A refusal names the built-in and the setting.
 */
final class BuiltInBounds implements BuiltInGuards.Policy {

	/** Built-ins that walk every element of their target. */
	private static final Set<String> WALKING = Set.of("seq_contains", "seq_index_of", "seq_last_index_of", "join",
			"sort", "sort_by", "min", "max", "sequence", "chunk", "filter", "map", "take_while", "drop_while", "keys",
			"values");

	/** Built-ins that search their text for their arguments. */
	private static final Set<String> SEARCHING = Set.of("index_of", "last_index_of", "contains", "replace", "split",
			"matches", "keep_before", "keep_before_last", "keep_after", "keep_after_last", "ensure_starts_with",
			"ensure_ends_with", "remove_beginning", "remove_ending", "starts_with", "ends_with");

	private static final Set<String> PADDING = Set.of("left_pad", "right_pad");

	/**
	 * Built-ins whose arguments are formats or words; fine uncalled ({@code x?string}).
	 */
	private static final Set<String> FORMATTING = Set.of("string", "date", "time", "datetime", "truncate", "truncate_w",
			"truncate_c", "truncate_m", "truncate_w_m", "truncate_c_m");

	/** Where the flags are among a searching built-in's arguments, if it takes any. */
	private static final int NO_FLAGS = -1;

	/** What a non-string element of a joined sequence is taken to add, formatted. */
	private static final int FORMATTED_ELEMENT = 32;

	private final TemplateLimits limits;

	BuiltInBounds(TemplateLimits limits) {
		this.limits = limits;
	}

	@Override
	public boolean guards(String builtIn) {
		String name = snakeCase(builtIn);
		return WALKING.contains(name) || SEARCHING.contains(name) || PADDING.contains(name)
				|| FORMATTING.contains(name);
	}

	@Override
	public boolean mustBeCalled(String builtIn) {
		String name = snakeCase(builtIn);
		return SEARCHING.contains(name) || PADDING.contains(name) || name.equals("join");
	}

	@Override
	public NotCalled notCalled(String builtIn, int line, int column) {
		return new NotCalled(line, column, "?" + builtIn + " must be called where it is written, as in text?" + builtIn
				+ "(...), so that its arguments can be checked");
	}

	@Override
	public @Nullable String refusalOfTarget(String builtIn, TemplateModel target) throws TemplateModelException {
		String name = snakeCase(builtIn);
		if (WALKING.contains(name)) {
			long size = sizeOf(target);
			if (size > this.limits.maxSequenceSize()) {
				return "?" + builtIn + " is given " + size + " elements, more than the " + this.limits.maxSequenceSize()
						+ " a built-in may go through (gratitude.templates.max-sequence-size)";
			}
		}
		if (SEARCHING.contains(name) && target instanceof TemplateScalarModel scalar) {
			int length = scalar.getAsString().length();
			if (length > this.limits.maxSearchText()) {
				return "?" + builtIn + " is given a text of " + length + " characters, more than the "
						+ this.limits.maxSearchText() + " a built-in may search (gratitude.templates.max-search-text)";
			}
		}
		return null;
	}

	@Override
	public @Nullable String refusalOfConcatenation(String operands, long size, String unit) {
		if (size > this.limits.maxSequenceSize()) {
			return "+ of two " + operands + " would make one of " + size + " " + unit + ", more than the "
					+ this.limits.maxSequenceSize()
					+ " a sequence or hash may have (gratitude.templates.max-sequence-size)";
		}
		return null;
	}

	@Override
	public @Nullable String refusalOfCall(String builtIn, TemplateModel target, List<TemplateModel> arguments)
			throws TemplateModelException {
		String name = snakeCase(builtIn);
		for (int i = 0; i < arguments.size(); i++) {
			if (arguments.get(i) instanceof TemplateScalarModel scalar
					&& scalar.getAsString().length() > this.limits.maxArgumentLength()) {
				return "?" + builtIn + "'s argument " + (i + 1) + " is " + scalar.getAsString().length()
						+ " characters long, more than the " + this.limits.maxArgumentLength()
						+ " allowed (gratitude.templates.max-argument-length)";
			}
		}
		if (PADDING.contains(name) && arguments.get(0) instanceof TemplateNumberModel width
				&& width.getAsNumber().doubleValue() > this.limits.maxPadWidth()) {
			return "?" + builtIn + " pads to " + width.getAsNumber() + " characters, more than the "
					+ this.limits.maxPadWidth() + " allowed (gratitude.templates.max-pad-width)";
		}
		if (name.equals("join")) {
			return refusalOfJoin(builtIn, target, arguments);
		}
		if (SEARCHING.contains(name) && target instanceof TemplateScalarModel text) {
			if (name.equals("replace")) {
				String refusal = refusalOfReplace(builtIn, text.getAsString(), arguments);
				if (refusal != null) {
					return refusal;
				}
			}
			int flags = flagsIndex(name, arguments.size());
			boolean regex = name.equals("matches") || (flags != NO_FLAGS && flags < arguments.size()
					&& arguments.get(flags) instanceof TemplateScalarModel given && given.getAsString().contains("r"));
			if (regex && arguments.get(0) instanceof TemplateScalarModel pattern) {
				String given = (flags != NO_FLAGS && flags < arguments.size()
						&& arguments.get(flags) instanceof TemplateScalarModel f) ? f.getAsString() : "";
				return refusalOfRegex(builtIn, pattern.getAsString(), given, text.getAsString());
			}
		}
		return null;
	}

	private @Nullable String refusalOfJoin(String builtIn, TemplateModel target, List<TemplateModel> arguments)
			throws TemplateModelException {
		if (!(target instanceof TemplateSequenceModel sequence) || BuiltInGuards.isLazilyGenerated(target)) {
			// a lazily made sequence's elements each come from an interruptible function
			return null;
		}
		long separator = (arguments.get(0) instanceof TemplateScalarModel s) ? s.getAsString().length() : 0;
		long length = 0;
		for (int i = 0; i < sequence.size() && length <= this.limits.maxBuiltString(); i++) {
			TemplateModel element = sequence.get(i);
			length += separator
					+ ((element instanceof TemplateScalarModel s) ? s.getAsString().length() : FORMATTED_ELEMENT);
		}
		if (length > this.limits.maxBuiltString()) {
			return "?" + builtIn + " would build a string of more than " + this.limits.maxBuiltString()
					+ " characters (gratitude.templates.max-built-string)";
		}
		return null;
	}

	private @Nullable String refusalOfReplace(String builtIn, String text, List<TemplateModel> arguments)
			throws TemplateModelException {
		if (arguments.size() < 2 || !(arguments.get(0) instanceof TemplateScalarModel pattern)
				|| !(arguments.get(1) instanceof TemplateScalarModel replacement)) {
			return null;
		}
		// Worst case: the pattern matches wherever it can; an empty pattern matches
		// between every two characters.
		long matches = text.length() / Math.max(1, pattern.getAsString().length()) + 1;
		long length = text.length() + matches * replacement.getAsString().length();
		if (length > this.limits.maxBuiltString()) {
			return "?" + builtIn + " could build a string of " + length + " characters, more than the "
					+ this.limits.maxBuiltString() + " allowed (gratitude.templates.max-built-string)";
		}
		return null;
	}

	/**
	 * Runs the pattern over the text, as a full match and as a search for every match,
	 * with a text that stops the regex engine once the time is up: Java's regex engine
	 * reads its input through {@link CharSequence#charAt}, and backtracking means reading
	 * again.
	 */
	private @Nullable String refusalOfRegex(String builtIn, String regex, String flags, String text) {
		Pattern pattern;
		try {
			pattern = Pattern.compile(regex, javaFlags(flags));
		}
		catch (PatternSyntaxException ex) {
			// FreeMarker reports it, in its words
			return null;
		}
		Duration timeout = this.limits.regexTimeout();
		TimedText timed = new TimedText(text, System.nanoTime() + timeout.toNanos());
		try {
			Matcher matcher = pattern.matcher(timed);
			matcher.matches();
			matcher.reset();
			while (matcher.find()) {
				// every match, as ?matches, ?replace and ?split look for them all
			}
			return null;
		}
		catch (TimedText.TimeUp ex) {
			return "?" + builtIn + "'s regular expression takes more than " + timeout.toMillis() + "ms on this text"
					+ " (gratitude.templates.regex-timeout); simplify it, e.g. avoid nested repetition like (a+)+";
		}
	}

	private static int javaFlags(String flags) {
		int java = 0;
		if (flags.contains("i")) {
			java |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
		}
		if (flags.contains("m")) {
			java |= Pattern.MULTILINE;
		}
		if (flags.contains("s")) {
			java |= Pattern.DOTALL;
		}
		if (flags.contains("c")) {
			java |= Pattern.COMMENTS;
		}
		return java;
	}

	/**
	 * The index of the flags argument of a searching built-in with that many arguments.
	 */
	private static int flagsIndex(String name, int arguments) {
		return switch (name) {
			case "replace" -> 2;
			case "split", "matches", "keep_before", "keep_before_last", "keep_after", "keep_after_last" -> 1;
			case "ensure_starts_with" -> (arguments == 3) ? 2 : NO_FLAGS;
			default -> NO_FLAGS;
		};
	}

	/**
	 * The number of elements a built-in would go through, or 0 when it cannot be known
	 * without walking (a lazily made sequence, a plain collection).
	 */
	private static long sizeOf(TemplateModel target) throws TemplateModelException {
		if (BuiltInGuards.isLazilyGenerated(target)) {
			return 0;
		}
		if (target instanceof TemplateSequenceModel sequence) {
			return sequence.size();
		}
		if (target instanceof TemplateCollectionModelEx collection) {
			return collection.size();
		}
		if (target instanceof TemplateHashModelEx hash) {
			return hash.size();
		}
		return 0;
	}

	/** {@code indexOf} and {@code index_of} are the same built-in. */
	static String snakeCase(String builtIn) {
		StringBuilder name = new StringBuilder(builtIn.length() + 4);
		for (char c : builtIn.toCharArray()) {
			if (Character.isUpperCase(c)) {
				name.append('_').append(Character.toLowerCase(c));
			}
			else {
				name.append(c);
			}
		}
		return name.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * A text that throws once a deadline has passed; it looks at the clock every few
	 * thousand reads, as reading the clock costs more than reading a character.
	 */
	private static final class TimedText implements CharSequence {

		private static final int READS_BETWEEN_LOOKS = 4096;

		private final String text;

		private final long deadline;

		private int reads;

		TimedText(String text, long deadline) {
			this.text = text;
			this.deadline = deadline;
		}

		@Override
		public char charAt(int index) {
			if (++this.reads >= READS_BETWEEN_LOOKS) {
				this.reads = 0;
				if (System.nanoTime() > this.deadline || Thread.currentThread().isInterrupted()) {
					throw new TimeUp();
				}
			}
			return this.text.charAt(index);
		}

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new TimedText(this.text.substring(start, end), this.deadline);
		}

		@Override
		public String toString() {
			return this.text;
		}

		/** The regex ran out of time. */
		static final class TimeUp extends RuntimeException {

			private static final long serialVersionUID = 1L;

			TimeUp() {
				super("the regular expression ran out of time", null, false, false);
			}

		}

	}

	/**
	 * A built-in that must be called where it is written and is not, found when a
	 * template part is parsed (which part is the caller's to say).
	 */
	static final class NotCalled extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int line;

		private final int column;

		NotCalled(int line, int column, String reason) {
			super(reason);
			this.line = line;
			this.column = column;
		}

		TemplateRejected in(String part) {
			return new TemplateRejected(part, this.line, this.column, getMessage(), this);
		}

	}

}
