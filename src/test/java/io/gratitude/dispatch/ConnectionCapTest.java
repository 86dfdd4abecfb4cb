package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.gratitude.Api;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.mail.ScriptedSmtpServer.Action;
import io.gratitude.mail.ScriptedSmtpServer.Phase;
import io.gratitude.mail.ScriptedSmtpServer;
import io.gratitude.mail.SmtpSender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node never has more SMTP connections open than
 * {@code gratitude.delivery.max-connections} (2 here), however many dispatch runs there
 * are; a run that finds none free claims nothing; a template test send waits for one too.
 * Against a {@link ScriptedSmtpServer} that counts the sessions open at once, in a
 * context of its own with its jobs idle.
 */
class ConnectionCapTest {

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2027-11-02T12:00:00Z"));

	private ScriptedSmtpServer smtp;

	private ConfigurableApplicationContext app;

	private Api shop;

	private Dispatcher dispatcher;

	@BeforeEach
	void start() {
		CLOCK.set("2027-11-02T12:00:00Z");
		this.smtp = ScriptedSmtpServer.start();
		String db = "cap-" + UUID.randomUUID();
		this.app = StandaloneApplication.start(CLOCK,
				"--spring.datasource.url=jdbc:h2:mem:" + db + ";LOCK_TIMEOUT=10000", "--server.port=0",
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + this.smtp.port(),
				"--gratitude.admin-token=cap-admin", "--gratitude.demo.enabled=false",
				"--gratitude.data-dir=./target/connection-cap-test", "--gratitude.outreach.dispatch-interval=1h",
				"--gratitude.outreach.plan-interval=1h", "--gratitude.outreach.recovery-interval=1h",
				"--gratitude.outreach.batch-size=3", "--gratitude.delivery.max-connections=2",
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=" + db);
		Api admin = new Api(((WebServerApplicationContext) this.app).getWebServer().getPort(), "cap-admin");
		Api.Response created = admin.post("/api/v1/partners", """
				{"name":"Busy shop","senderEmail":"hello@busy.example","senderName":"Busy",
				 "timeZone":"UTC","sendWindow":{"start":"00:00","end":"00:00"}}""");
		assertThat(created.status()).isEqualTo(201);
		this.shop = admin.as(created.json().get("apiKey").asString());
		this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		this.dispatcher = this.app.getBean(Dispatcher.class);
		// The dispatch job fires once at start; after that, only the test dispatches.
		StandaloneApplication.awaitFirstDispatch(this.app);
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		this.smtp.close();
	}

	@Test
	void sixConcurrentRunsNeverHaveMoreThanTwoSmtpSessionsOpen() throws Exception {
		List<String> refs = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			refs.add("b" + i);
			buyer("b" + i);
		}
		// Each message takes a while: runs overlap, batch after batch (3 messages each).
		this.smtp.always(Phase.DATA, Action.slow(Duration.ofMillis(200)));

		ExecutorService workers = Executors.newFixedThreadPool(6);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				runs.add(workers.submit(() -> {
					go.await();
					return this.dispatcher.dispatchDue();
				}));
			}
			go.countDown();
			int handled = 0;
			for (Future<Integer> run : runs) {
				handled += run.get(60, TimeUnit.SECONDS);
			}
			assertThat(handled).isEqualTo(12);
		}
		finally {
			workers.shutdownNow();
		}

		// Two at once (the runs did overlap), never more.
		assertThat(this.smtp.mostConcurrentSessions()).isEqualTo(2);
		assertThat(this.smtp.accepted()).hasSize(12);
		assertThat(refs).allSatisfy(ref -> {
			JsonNode row = row(ref);
			assertThat(row.get("status").asString()).isEqualTo("SENT");
			assertThat(row.get("attempts")).hasSize(1);
		});
	}

	@Test
	void aRunThatFindsNoFreeConnectionClaimsNothingAndATestSendWaitsForOne() throws Exception {
		List<String> refs = List.of("w1", "w2", "w3");
		for (String ref : refs) {
			buyer(ref);
		}
		SmtpSender sender = this.app.getBean(SmtpSender.class);
		SmtpSender.Connection one = sender.tryOpen(Duration.ZERO).orElseThrow();
		SmtpSender.Connection two = sender.tryOpen(Duration.ZERO).orElseThrow();

		// Both connections taken: the run ends at once and the messages stay as they
		// were, not claimed, not tried.
		assertThat(this.dispatcher.dispatchDue()).isZero();
		assertThat(refs).allSatisfy(ref -> {
			assertThat(row(ref).get("status").asString()).isEqualTo("SCHEDULED");
			assertThat(row(ref).get("attempts")).isEmpty();
		});

		// A template test send counts too: it waits for a connection to be freed.
		CompletableFuture<Api.Response> testSend = CompletableFuture.supplyAsync(() -> this.shop
			.post("/api/v1/templates/after-sale-thanks/test-send", "{\"to\":\"tester@busy.example\"}"));
		Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !testSend.isDone());
		assertThat(this.smtp.connections()).isZero();
		one.close();
		Api.Response sent = testSend.get(10, TimeUnit.SECONDS);
		assertThat(sent.status()).as(sent.raw().body()).isEqualTo(202);
		assertThat(this.smtp.acceptedFor("tester@busy.example")).hasSize(1);

		two.close();
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(3);
		assertThat(refs).allSatisfy(ref -> assertThat(row(ref).get("status").asString()).isEqualTo("SENT"));
		assertThat(this.smtp.mostConcurrentSessions()).isEqualTo(1);
	}

	/** A contact who just bought something: their thank-you is due now. */
	private void buyer(String ref) {
		String email = ref.toLowerCase(Locale.ROOT) + "." + UUID.randomUUID().toString().substring(0, 8)
				+ "@example.com";
		assertThat(this.shop.put("/api/v1/contacts/" + ref, "{\"email\":\"%s\"}".formatted(email)).status())
			.isEqualTo(201);
		assertThat(this.shop
			.post("/api/v1/sales",
					"""
							{"externalRef":"S-%s","contactRef":"%s","amount":3,"currency":"EUR","occurredAt":"%s"}"""
						.formatted(ref, ref, CLOCK.instant()))
			.status()).isEqualTo(201);
	}

	private JsonNode row(String ref) {
		Api.Response response = this.shop.get("/api/v1/outreach?contactRef=" + ref);
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("items").get(0);
	}

}
