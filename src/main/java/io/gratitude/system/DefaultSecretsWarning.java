package io.gratitude.system;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The default run generates its secrets (admin token, console administrator's password,
 * unsubscribe key) and loads demo data with a known password: right for trying Gratitude
 * out, wrong for anything else. Started with any profile (mysql, production, ...) while
 * one of those defaults is in use, the application says which, once, at start. It names
 * settings, never values.
 */
@Component
class DefaultSecretsWarning {

	private static final Logger log = LoggerFactory.getLogger(DefaultSecretsWarning.class);

	private final Environment environment;

	DefaultSecretsWarning(Environment environment) {
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void warnAtStart() {
		List<String> defaults = defaultsInUse(this.environment);
		if (this.environment.getActiveProfiles().length > 0 && !defaults.isEmpty()) {
			log.warn("running with profile(s) {} on the default run's secrets: {}; set them in the environment",
					String.join(",", this.environment.getActiveProfiles()), String.join("; ", defaults));
		}
	}

	/** The defaults in use, each as the setting to change and what it is now. */
	static List<String> defaultsInUse(Environment environment) {
		List<String> defaults = new ArrayList<>();
		if (blank(environment, "gratitude.admin-token")) {
			defaults.add("GRATITUDE_ADMIN_TOKEN (generated into the data directory)");
		}
		if (blank(environment, "gratitude.console.admin-password")) {
			defaults.add("GRATITUDE_CONSOLE_ADMIN_PASSWORD (generated into the data directory)");
		}
		if (blank(environment, "gratitude.unsubscribe.secret")) {
			defaults.add("GRATITUDE_UNSUBSCRIBE_SECRET (generated into the database)");
		}
		if (blank(environment, "gratitude.api-keys.secret")) {
			defaults.add("GRATITUDE_API_KEYS_SECRET (generated into the database)");
		}
		if (blank(environment, "gratitude.erasure.secret")) {
			defaults.add("GRATITUDE_ERASURE_SECRET (generated into the database)");
		}
		if (environment.getProperty("gratitude.demo.enabled", Boolean.class, false)) {
			defaults.add("GRATITUDE_DEMO_ENABLED=true (demo data with a published staff password)");
		}
		return defaults;
	}

	private static boolean blank(Environment environment, String property) {
		String value = environment.getProperty(property);
		return value == null || value.isBlank();
	}

}
