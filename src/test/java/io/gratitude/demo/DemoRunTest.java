package io.gratitude.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.gratitude.GratitudeApplication;
import io.gratitude.TestDatabase;
import io.gratitude.TestMail;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-set-up run's promise: within a minute of start, the demo's messages have gone
 * out.
 */
class DemoRunTest {

	@Test
	void theDemoSendsABirthdayAnAnniversaryAndASaleThankYouRightAfterStart() {
		int before = TestMail.to("@example.com").size();
		String dir = "./target/demo-test/" + UUID.randomUUID();
		// On H2 the default database (a file under the data directory); with -Pmysql a
		// database of its own, and the demo switched on as the mysql profile does not.
		List<String> args = new ArrayList<>(TestDatabase.arguments("demo-" + UUID.randomUUID()));
		args.addAll(List.of("--gratitude.data-dir=" + dir, "--gratitude.demo.enabled=true", "--server.port=0",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestMail.port(),
				"--gratitude.admin-token=demo-admin",
				// Quartz keeps JVM-wide registries by scheduler name: one name per
				// database in one JVM.
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=demo-test"));
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GratitudeApplication.class)
			.run(args.toArray(String[]::new))) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> TestMail.to("ana.lima@example.com").size() > 0
						&& TestMail.to("chloe.dubois@example.com").size() > 0
						&& TestMail.to("ben.carter@example.com").size() > 0);
			assertThat(app.isActive()).isTrue();
			assertThat(TestMail.to("@example.com").size()).isGreaterThanOrEqualTo(before + 3);
			assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(dir, "demo-api-key"))).isTrue();
		}
	}

}
