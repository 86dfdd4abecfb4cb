package io.gratitude.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A profile with the default run's generated secrets gets one warning at start, naming
 * the settings and never a value; the default run itself (no profile) gets none.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefaultSecretsWarningTest {

	@Test
	void aProfileOnGeneratedSecretsIsWarnedOfEachByName(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("gratitude.demo.enabled", "true")
			.withProperty("gratitude.console.admin-password", "a-real-password-value");
		environment.setActiveProfiles("production");

		new DefaultSecretsWarning(environment).warnAtStart();

		assertThat(output.getAll()).contains("running with profile(s) production on the default run's secrets")
			.contains("GRATITUDE_ADMIN_TOKEN")
			.contains("GRATITUDE_UNSUBSCRIBE_SECRET")
			.contains("GRATITUDE_API_KEYS_SECRET")
			.contains("GRATITUDE_ERASURE_SECRET")
			.contains("GRATITUDE_DEMO_ENABLED=true")
			.doesNotContain("GRATITUDE_CONSOLE_ADMIN_PASSWORD")
			.doesNotContain("a-real-password-value");
	}

	@Test
	void everySecretConfiguredOrTheDefaultRunMeansNoWarning(CapturedOutput output) {
		MockEnvironment configured = new MockEnvironment().withProperty("gratitude.admin-token", "t0ken-value")
			.withProperty("gratitude.console.admin-password", "pa55word-value")
			.withProperty("gratitude.unsubscribe.secret", "s3cret-value")
			.withProperty("gratitude.api-keys.secret", "k3y-secret-value")
			.withProperty("gratitude.erasure.secret", "3rasure-secret-value")
			.withProperty("gratitude.demo.enabled", "false");
		configured.setActiveProfiles("production");
		new DefaultSecretsWarning(configured).warnAtStart();
		MockEnvironment defaultRun = new MockEnvironment();
		new DefaultSecretsWarning(defaultRun).warnAtStart();

		assertThat(DefaultSecretsWarning.defaultsInUse(configured)).isEmpty();
		assertThat(DefaultSecretsWarning.defaultsInUse(defaultRun)).hasSize(5);
		assertThat(output.getAll()).doesNotContain("default run's secrets");
	}

}
