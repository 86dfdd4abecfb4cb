package io.gratitude.template;

import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the template sandbox, bound from {@code gratitude.templates.*}. FreeMarker
 * itself bounds neither time nor size, so {@link SandboxedRenderer} enforces these.
 *
 * @param renderTimeout wall-clock time one message (all three parts) may take to render,
 * counted from when it starts on a render thread
 * @param maxOutput most characters one rendered part may have (counted as characters, one
 * per byte of the size)
 * @param maxTemplateSize most bytes (UTF-8) one part's template source may have
 * @param maxRenderAllocation most bytes one message's render (all three parts) may
 * allocate on the heap, as the JVM counts them for the render thread; a string doubled in
 * a loop is stopped here long before it could exhaust the heap that every partner shares
 * @param renderThreads renders that run at once, on a fixed pool of threads
 * @param renderQueue renders that may wait for a render thread; when they are all taken,
 * previews and other requests are refused (503) and sends wait
 * @param maxSequenceSize most elements a built-in may walk, sort or join in one call
 * ({@code ?seq_contains}, {@code ?join}, {@code ?sort}, {@code ?keys}...), whether a
 * range ({@code 1..n}), a list or a hash; and most elements or entries {@code +} may make
 * of two sequences or two hashes
 * @param maxSearchText most characters of a text that a built-in searches, splits,
 * replaces in or matches ({@code ?index_of}, {@code ?replace}, {@code ?matches}...):
 * their cost grows with the text's length times the pattern's
 * @param maxArgumentLength most characters of a string argument of a built-in (a pattern,
 * a replacement, a separator, a format)
 * @param maxPadWidth widest {@code ?left_pad} and {@code ?right_pad}
 * @param maxBuiltString most characters of the string one built-in call may build
 * ({@code ?join}, {@code ?replace}), estimated before it starts
 * @param regexTimeout time a regular expression may take on its text; a pattern that
 * backtracks catastrophically is refused by a trial run stopped at this limit
 */
@ConfigurationProperties("gratitude.templates")
public record TemplateLimits(@DefaultValue("2s") Duration renderTimeout, @DefaultValue("512KB") DataSize maxOutput,
		@DefaultValue("64KB") DataSize maxTemplateSize, @DefaultValue("64MB") DataSize maxRenderAllocation,
		@DefaultValue("2") int renderThreads, @DefaultValue("4") int renderQueue,
		@DefaultValue("100000") int maxSequenceSize, @DefaultValue("65536") int maxSearchText,
		@DefaultValue("1024") int maxArgumentLength, @DefaultValue("10000") int maxPadWidth,
		@DefaultValue("1048576") int maxBuiltString, @DefaultValue("100ms") Duration regexTimeout) {

	/** The default allocation limit, for callers that set the other three. */
	public static final DataSize DEFAULT_MAX_RENDER_ALLOCATION = DataSize.ofMegabytes(64);

	/**
	 * @throws IllegalArgumentException if a limit is not positive
	 */
	@ConstructorBinding
	public TemplateLimits {
		Objects.requireNonNull(renderTimeout, "renderTimeout");
		Objects.requireNonNull(maxOutput, "maxOutput");
		Objects.requireNonNull(maxTemplateSize, "maxTemplateSize");
		if (renderTimeout.isNegative() || renderTimeout.isZero()) {
			throw new IllegalArgumentException("gratitude.templates.render-timeout must be positive");
		}
		if (maxOutput.toBytes() <= 0 || maxOutput.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("gratitude.templates.max-output must be between 1B and 2GB");
		}
		if (maxTemplateSize.toBytes() <= 0) {
			throw new IllegalArgumentException("gratitude.templates.max-template-size must be positive");
		}
		Objects.requireNonNull(maxRenderAllocation, "maxRenderAllocation");
		if (maxRenderAllocation.toBytes() <= 0) {
			throw new IllegalArgumentException("gratitude.templates.max-render-allocation must be positive");
		}
		positive("render-threads", renderThreads);
		if (renderQueue < 0) {
			throw new IllegalArgumentException("gratitude.templates.render-queue must not be negative");
		}
		positive("max-sequence-size", maxSequenceSize);
		positive("max-search-text", maxSearchText);
		positive("max-argument-length", maxArgumentLength);
		positive("max-pad-width", maxPadWidth);
		positive("max-built-string", maxBuiltString);
		Objects.requireNonNull(regexTimeout, "regexTimeout");
		if (regexTimeout.isNegative() || regexTimeout.isZero()) {
			throw new IllegalArgumentException("gratitude.templates.regex-timeout must be positive");
		}
	}

	/**
	 * Limits with the default {@link #maxRenderAllocation()}, pool and built-in limits.
	 */
	public TemplateLimits(Duration renderTimeout, DataSize maxOutput, DataSize maxTemplateSize) {
		this(renderTimeout, maxOutput, maxTemplateSize, DEFAULT_MAX_RENDER_ALLOCATION);
	}

	/**
	 * Limits with the default pool and built-in limits.
	 */
	public TemplateLimits(Duration renderTimeout, DataSize maxOutput, DataSize maxTemplateSize,
			DataSize maxRenderAllocation) {
		this(renderTimeout, maxOutput, maxTemplateSize, maxRenderAllocation, 2, 4, 100_000, 65_536, 1024, 10_000,
				1_048_576, Duration.ofMillis(100));
	}

	/**
	 * @return these limits with another pool: {@code threads} renders at once,
	 * {@code queue} waiting
	 */
	public TemplateLimits withRenderPool(int threads, int queue) {
		return new TemplateLimits(this.renderTimeout, this.maxOutput, this.maxTemplateSize, this.maxRenderAllocation,
				threads, queue, this.maxSequenceSize, this.maxSearchText, this.maxArgumentLength, this.maxPadWidth,
				this.maxBuiltString, this.regexTimeout);
	}

	private static void positive(String setting, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException("gratitude.templates." + setting + " must be positive");
		}
	}

}
