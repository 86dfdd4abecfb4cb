package io.gratitude;

import java.time.Clock;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

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

	/**
	 * Waits until the dispatch job has fired once, as it does at start: an application
	 * started with a long dispatch interval is then driven by the test alone.
	 */
	public static void awaitFirstDispatch(ConfigurableApplicationContext context) {
		Scheduler scheduler = context.getBean(Scheduler.class);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			Trigger dispatch = scheduler.getTrigger(TriggerKey.triggerKey("dispatch", "gratitude"));
			return dispatch != null && dispatch.getPreviousFireTime() != null;
		});
	}

}
