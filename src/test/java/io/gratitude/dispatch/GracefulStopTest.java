package io.gratitude.dispatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.gratitude.Api;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.TestDatabase;
import io.gratitude.mail.ScriptedSmtpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that is stopped (SIGTERM, a rolling deploy) while it sends finishes the message
 * in flight and puts the rest of its batch back at once: nothing stays SENDING for
 * another node to wait a lease for, and nothing is sent twice. {@code ClusterIT} does the
 * same to a node process on MySQL.
 */
class GracefulStopTest {

	static final SettableClock CLOCK = new SettableClock(java.time.Instant.parse("2027-09-01T12:00:00Z"));

	@Test
	void aStoppingNodeFinishesTheMessageInFlightAndReleasesTheRest() throws Exception {
		String db = "stop-" + UUID.randomUUID();
		String url = "jdbc:h2:file:./target/stop-test/" + db + ";DB_CLOSE_ON_EXIT=FALSE";
		try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start()) {
			// Half a second a message: the batch of eight is under way when the stop
			// comes.
			smtp.always(ScriptedSmtpServer.Phase.DATA, ScriptedSmtpServer.Action.slow(Duration.ofMillis(500)));
			ConfigurableApplicationContext node = start(url, db, smtp.port(), "100ms");
			Api admin = new Api(((WebServerApplicationContext) node).getWebServer().getPort(), "stop-admin");
			Api.Response created = admin.post("/api/v1/partners", """
					{"name":"Stop shop","senderEmail":"hello@stop.example","senderName":"Stop",
					 "timeZone":"UTC","sendWindow":{"start":"00:00","end":"00:00"},"frequencyCapHours":0}""");
			assertThat(created.status()).isEqualTo(201);
			Api shop = admin.as(created.json().get("apiKey").asString());
			// Due together a minute later, so that one batch claims all eight.
			shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT1M\"}");
			for (int i = 0; i < 8; i++) {
				shop.put("/api/v1/contacts/c" + i, "{\"email\":\"c%d@stop.example\"}".formatted(i));
				assertThat(shop
					.post("/api/v1/sales",
							"""
									{"externalRef":"S-%d","contactRef":"c%d","amount":3,"currency":"EUR","occurredAt":"2027-09-01T12:00:00Z"}"""
								.formatted(i, i))
					.status()).isEqualTo(201);
			}
			CLOCK.set("2027-09-01T12:01:00Z");
			Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> smtp.accepted().size() >= 1);
			node.close();

			Map<String, Integer> statuses = statuses(db, url);
			assertThat(statuses).doesNotContainKey("SENDING");
			int sent = statuses.getOrDefault("SENT", 0);
			assertThat(sent).isBetween(1, 7);
			assertThat(smtp.accepted()).hasSize(sent);
			assertThat(statuses.getOrDefault("RETRY", 0)).isEqualTo(8 - sent);

			// Another node takes over at once, with no lease to wait for.
			smtp.heal();
			try (ConfigurableApplicationContext next = start(url, db, smtp.port(), "100ms")) {
				Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> smtp.accepted().size() == 8);
				assertThat(smtp.accepted()).extracting(ScriptedSmtpServer.Accepted::messageId).doesNotHaveDuplicates();
				assertThat(next.isActive()).isTrue();
			}
		}
	}

	private static ConfigurableApplicationContext start(String url, String db, int smtpPort, String dispatch) {
		List<String> arguments = new ArrayList<>(TestDatabase.arguments(db, url));
		arguments.addAll(List.of("--server.port=0", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
				"--gratitude.admin-token=stop-admin", "--gratitude.demo.enabled=false",
				"--gratitude.data-dir=./target/stop-test", "--gratitude.outreach.dispatch-interval=" + dispatch,
				"--gratitude.outreach.batch-size=10",
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=stop-" + db));
		return StandaloneApplication.start(CLOCK, arguments.toArray(String[]::new));
	}

	private static Map<String, Integer> statuses(String db, String url) throws Exception {
		Map<String, Integer> counts = new HashMap<>();
		try (Connection connection = TestDatabase.isMySql() ? DriverManager
			.getConnection(TestDatabase.mysqlDatabase(db), TestDatabase.user(), TestDatabase.password())
				: DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT status, COUNT(*) FROM outreach GROUP BY status")) {
			while (rs.next()) {
				counts.put(rs.getString(1), rs.getInt(2));
			}
		}
		return counts;
	}

}
