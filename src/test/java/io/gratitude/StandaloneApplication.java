package io.gratitude;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Gratitude started by a test in a context of its own (its own database, scheduler name
 * and mail server, given as command-line arguments, which take precedence over
 * application.yml), with the test's clock in place of the system clock.
 */
public final class StandaloneApplication {

	private StandaloneApplication() {
	}

	/** Starts the application with {@code clock} as its primary {@link Clock}. */
	public static ConfigurableApplicationContext start(Clock clock, String... arguments) {
		return new SpringApplicationBuilder(GratitudeApplication.class)
			.initializers((ConfigurableApplicationContext context) -> ((GenericApplicationContext) context)
				.registerBean("testClock", Clock.class, () -> clock,
						(BeanDefinition definition) -> definition.setPrimary(true)))
			.run(arguments);
	}

}
