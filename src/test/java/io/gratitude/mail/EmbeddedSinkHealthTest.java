package io.gratitude.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

import io.gratitude.Api;
import io.gratitude.GratitudeApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-set-up run (no spring.mail.host: the embedded SMTP sink) is healthy and ready,
 * its mail check answered by the sink.
 */
class EmbeddedSinkHealthTest {

	@Test
	void theZeroSetUpRunWithItsEmbeddedSinkIsUpAndReady() {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GratitudeApplication.class).run(
				"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:embedded-sink-health;DB_CLOSE_DELAY=-1",
				"--gratitude.data-dir=./target/embedded-sink-health/" + UUID.randomUUID(),
				"--gratitude.demo.enabled=false", "--gratitude.admin-token=embedded-admin",
				"--gratitude.embedded-mail.smtp-port=" + freePort(),
				"--gratitude.embedded-mail.imap-port=" + freePort(),
				// One Quartz scheduler name per database in one JVM.
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=embedded-sink-health")) {
			int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			Api anonymous = new Api(port, null);

			Api.Response health = anonymous.get("/actuator/health");
			assertThat(health.status()).as(health.raw().body()).isEqualTo(200);
			for (String component : new String[] { "db", "mail", "scheduler" }) {
				assertThat(health.json().get("components").get(component).get("status").asString()).as(component)
					.isEqualTo("UP");
			}
			assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
			assertThat(anonymous.get("/livez").status()).isEqualTo(200);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
