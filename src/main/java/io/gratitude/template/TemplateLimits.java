package io.gratitude.template;

import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@ConfigurationProperties("gratitude.templates")
public record TemplateLimits(@DefaultValue("2s") Duration renderTimeout, @DefaultValue("512KB") DataSize maxOutput,
		@DefaultValue("64KB") DataSize maxTemplateSize) {

	/**
	 * @throws IllegalArgumentException if a limit is not positive
	 */
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
	}

}
