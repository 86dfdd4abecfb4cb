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
 * @param renderTimeout wall-clock time one message (all three parts) may take to render
 * @param maxOutput most characters one rendered part may have (counted as characters, one
 * per byte of the size)
 * @param maxTemplateSize most bytes (UTF-8) one part's template source may have
 * @param maxRenderAllocation most bytes one message's render (all three parts) may
 * allocate on the heap, as the JVM counts them for the render thread; a string doubled in
 * a loop is stopped here long before it could exhaust the heap that every partner shares
 */
@ConfigurationProperties("gratitude.templates")
public record TemplateLimits(@DefaultValue("2s") Duration renderTimeout, @DefaultValue("512KB") DataSize maxOutput,
		@DefaultValue("64KB") DataSize maxTemplateSize, @DefaultValue("64MB") DataSize maxRenderAllocation) {

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
	}

	/**
	 * Limits with the default {@link #maxRenderAllocation()}.
	 */
	public TemplateLimits(Duration renderTimeout, DataSize maxOutput, DataSize maxTemplateSize) {
		this(renderTimeout, maxOutput, maxTemplateSize, DEFAULT_MAX_RENDER_ALLOCATION);
	}

}
