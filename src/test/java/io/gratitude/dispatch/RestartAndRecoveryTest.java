package io.gratitude.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.TestDatabase;
import io.gratitude.TestMail;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.planning.Planner;
import io.gratitude.system.Page;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances, one after the other, on the same database: what the first
 * planned or sent, the second neither plans nor sends again; what the first left
 * half-done (claimed, never marked), the second finishes, with the same Message-IDs.
 */
class RestartAndRecoveryTest {

	static final SettableClock CLOCK = new SettableClock(java.time.Instant.parse("2027-07-01T12:00:00Z"));

	private static ConfigurableApplicationContext start(String db, String dispatchInterval) {
		// Command-line arguments: they take precedence over application.yml (builder
		// properties do not).
		List<String> args = new ArrayList<>(
				TestDatabase.arguments(db, "jdbc:h2:file:./target/restart-test/" + db + ";DB_CLOSE_ON_EXIT=FALSE"));
		args.addAll(List.of("--server.port=0", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestMail.port(),
				"--gratitude.admin-token=restart-admin", "--gratitude.demo.enabled=false",
				"--gratitude.data-dir=./target/restart-test",
				"--gratitude.outreach.dispatch-interval=" + dispatchInterval,
				"--gratitude.outreach.plan-interval=500ms", "--gratitude.outreach.recovery-interval=200ms",
				// Quartz keeps JVM-wide registries by scheduler name: one name per
				// database in one JVM.
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=restart-" + db));
		return StandaloneApplication.start(CLOCK, args.toArray(String[]::new));
	}

	private static Api admin(ConfigurableApplicationContext context) {
		return new Api(((WebServerApplicationContext) context).getWebServer().getPort(), "restart-admin");
	}

	private static Api enroll(ConfigurableApplicationContext context) {
		Api.Response created = admin(context).post("/api/v1/partners", """
				{"name":"Restart shop","senderEmail":"hello@restart.example","senderName":"Restart",
				 "timeZone":"UTC","sendWindow":{"start":"00:00","end":"00:00"}}""");
		assertThat(created.status()).isEqualTo(201);
		return admin(context).as(created.json().get("apiKey").asString());
	}

	@Test
	void aRestartPlansAndSendsNothingTwice() {
		String db = "restart-" + UUID.randomUUID();
		CLOCK.set("2027-07-01T12:00:00Z");
		String birthday = email("bday");
		String buyer = email("buyer");
		try (ConfigurableApplicationContext first = start(db, "100ms")) {
			Api shop = enroll(first);
			shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
			shop.put("/api/v1/contacts/b", """
					{"email":"%s","significantDates":[{"kind":"BIRTHDAY","month":7,"day":1}]}""".formatted(birthday));
			shop.put("/api/v1/contacts/s", "{\"email\":\"%s\"}".formatted(buyer));
			shop.post("/api/v1/sales",
					"""
							{"externalRef":"R-1","contactRef":"s","amount":3,"currency":"EUR","occurredAt":"2027-07-01T11:59:00Z"}""");
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.until(() -> TestMail.to(birthday).size() == 1 && TestMail.to(buyer).size() == 1);
			first.getBean(Planner.class).planOccasions();
		}

		CLOCK.set("2027-07-01T12:05:00Z");
		try (ConfigurableApplicationContext second = start(db, "100ms")) {
			// A full plan run and several dispatch rounds on the restarted instance.
			assertThat(second.getBean(Planner.class).planOccasions()).isZero();
			Awaitility.await()
				.during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> TestMail.to(birthday).size() == 1 && TestMail.to(buyer).size() == 1);
			assertThat(second.getBean(SendLog.class).find(1, null, null, new Page.Request(0, 100)))
				.allSatisfy(listed -> assertThat(listed.outreach().status()).isEqualTo(OutreachStatus.SENT));
		}
	}

	@Test
	void aDispatcherThatDiesMidBatchIsRecoveredAndEveryMessageEndsSentWithItsMessageId() throws Exception {
		String db = "crash-" + UUID.randomUUID();
		CLOCK.set("2027-08-01T12:00:00Z");
		List<String> recipients = List.of(email("r1"), email("r2"), email("r3"), email("r4"), email("r5"));
		Map<String, String> plannedMessageIds;
		// Dispatch every hour only: this test drives the first instance's dispatcher by
		// hand.
		try (ConfigurableApplicationContext first = start(db, "1h")) {
			Api shop = enroll(first);
			shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
			for (int i = 0; i < recipients.size(); i++) {
				shop.put("/api/v1/contacts/c" + i, "{\"email\":\"%s\"}".formatted(recipients.get(i)));
				shop.post("/api/v1/sales",
						"""
								{"externalRef":"C-%d","contactRef":"c%d","amount":3,"currency":"EUR","occurredAt":"2027-08-01T11:59:00Z"}"""
							.formatted(i, i));
			}
			plannedMessageIds = shop.get("/api/v1/outreach")
				.json()
				.get("items")
				.valueStream()
				.collect(Collectors.toMap(o -> o.get("contactRef").asString(), o -> o.get("messageId").asString()));

			Dispatcher dispatcher = first.getBean(Dispatcher.class);
			List<Long> batch = dispatcher.claimBatch();
			assertThat(batch).hasSize(5);
			// Two messages go out and are recorded; then the node dies with three rows in
			// SENDING.
			dispatcher.send(batch.subList(0, 2));
			List<JsonNode> rows = shop.get("/api/v1/outreach").json().get("items").valueStream().toList();
			assertThat(rows).extracting(o -> o.get("status").asString())
				.containsExactlyInAnyOrder("SENT", "SENT", "SENDING", "SENDING", "SENDING");
		}

		try (ConfigurableApplicationContext second = start(db, "100ms")) {
			// Before the lease runs out nobody touches the dead node's rows...
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.until(() -> recipients.stream().mapToInt(r -> TestMail.to(r).size()).sum() == 2);
			// ...after it, recovery returns them to the queue and they are sent.
			CLOCK.set("2027-08-01T12:06:00Z");
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.until(() -> recipients.stream().allMatch(r -> TestMail.to(r).size() == 1));
			for (int i = 0; i < recipients.size(); i++) {
				MimeMessage received = TestMail.to(recipients.get(i)).get(0);
				assertThat(messageId(received)).isEqualTo(plannedMessageIds.get("c" + i));
			}
			// Marked SENT right after the server's reply, a moment after the mail.
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.untilAsserted(
						() -> assertThat(second.getBean(SendLog.class).find(1, null, null, new Page.Request(0, 100)))
							.allSatisfy(
									listed -> assertThat(listed.outreach().status()).isEqualTo(OutreachStatus.SENT)));
		}
	}

	private static String messageId(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String email(String name) {
		return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

}
