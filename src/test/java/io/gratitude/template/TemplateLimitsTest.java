package io.gratitude.template;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateLimitsTest {

	@Test
	void unsetLimitsTakeTheirDefaults() {
		TemplateLimits limits = bind(Map.of());

		assertThat(limits).isEqualTo(new TemplateLimits(Duration.ofSeconds(2), DataSize.ofKilobytes(512),
				DataSize.ofKilobytes(64), DataSize.ofMegabytes(64)));
		assertThat(limits.maxRenderAllocation()).isEqualTo(TemplateLimits.DEFAULT_MAX_RENDER_ALLOCATION);
	}

	@Test
	void everyLimitBindsFromItsProperty() {
		TemplateLimits limits = bind(Map.of("gratitude.templates.render-timeout", "500ms",
				"gratitude.templates.max-output", "1MB", "gratitude.templates.max-template-size", "32KB",
				"gratitude.templates.max-render-allocation", "16MB"));

		assertThat(limits).isEqualTo(new TemplateLimits(Duration.ofMillis(500), DataSize.ofMegabytes(1),
				DataSize.ofKilobytes(32), DataSize.ofMegabytes(16)));
	}

	@Test
	void anAllocationLimitThatIsNotPositiveIsRefused() {
		assertThatThrownBy(() -> bind(Map.of("gratitude.templates.max-render-allocation", "0B")))
			.hasRootCauseInstanceOf(IllegalArgumentException.class)
			.rootCause()
			.hasMessage("gratitude.templates.max-render-allocation must be positive");
	}

	private static TemplateLimits bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("gratitude.templates",
				TemplateLimits.class);
	}

}
