package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.gratitude.Api;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.TestDatabase;
import io.gratitude.mail.ScriptedSmtpServer.Action;
import io.gratitude.mail.ScriptedSmtpServer.Phase;
import io.gratitude.mail.ScriptedSmtpServer;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.system.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer an SMTP server can give, from a {@link ScriptedSmtpServer}: the
 * application runs against it in a context of its own (own H2 file database, own Quartz
 * scheduler name, a settable clock), its dispatch job idle (every hour), and each test
 * drives the dispatcher by hand, batch by batch, moving the clock between batches.
 */
class SmtpRepliesTest {

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2027-09-01T12:00:00Z"));

	private ScriptedSmtpServer smtp;

	private ConfigurableApplicationContext app;

	private Api shop;

	private long partnerId;

	private Dispatcher dispatcher;

	@BeforeEach
	void start() {
		CLOCK.set("2027-09-01T12:00:00Z");
		this.smtp = ScriptedSmtpServer.start();
		startApplication();
	}

	/** Starts the application on a fresh database, with extra command-line settings. */
	private void startApplication(String... settings) {
		String db = "smtp-" + UUID.randomUUID();
		List<String> args = new ArrayList<>(TestDatabase.arguments(db,
				"jdbc:h2:file:./target/smtp-replies-test/" + db + ";DB_CLOSE_ON_EXIT=FALSE"));
		args.addAll(List.of("--server.port=0", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + this.smtp.port(),
				"--spring.mail.properties.mail.smtp.connectiontimeout=1000",
				"--spring.mail.properties.mail.smtp.timeout=1000",
				"--spring.mail.properties.mail.smtp.writetimeout=1000", "--gratitude.admin-token=smtp-admin",
				"--gratitude.demo.enabled=false", "--gratitude.data-dir=./target/smtp-replies-test",
				"--gratitude.outreach.dispatch-interval=1h", "--gratitude.outreach.plan-interval=1h",
				"--gratitude.outreach.recovery-interval=1h",
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=smtp-" + db));
		args.addAll(List.of(settings));
		this.app = StandaloneApplication.start(CLOCK, args.toArray(String[]::new));
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		Api admin = new Api(port, "smtp-admin");
		Api.Response created = admin.post("/api/v1/partners", """
				{"name":"Reply shop","senderEmail":"hello@replies.example","senderName":"Replies",
				 "timeZone":"UTC","sendWindow":{"start":"00:00","end":"00:00"}}""");
		assertThat(created.status()).isEqualTo(201);
		this.partnerId = created.json().get("id").asLong();
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
	void transientRepliesAtRcptAndAfterDataAreRetriedWithTheReplyThenSentWithTheSameMessageId() {
		Map<String, String> replies = Map.of("421", "421 4.3.2 Service shutting down", "450", "450 4.2.1 Mailbox busy",
				"451", "451 4.3.0 Local error in processing", "452", "452 4.3.1 Insufficient system storage");
		Map<String, String> buyers = new HashMap<>();
		for (Map.Entry<String, String> reply : replies.entrySet()) {
			for (Phase phase : List.of(Phase.RCPT, Phase.DATA)) {
				String ref = "t" + reply.getKey() + phase;
				buyers.put(ref, buyer(ref));
				this.smtp.on(buyers.get(ref), phase, Action.reply(reply.getValue()));
			}
		}

		dispatchOnce();

		for (Map.Entry<String, String> buyer : buyers.entrySet()) {
			String code = buyer.getKey().substring(1, 4);
			JsonNode row = row(buyer.getKey());
			assertThat(row.get("status").asString()).as(buyer.getKey()).isEqualTo("RETRY");
			assertThat(Instant.parse(row.get("dueAt").asString())).isAfter(CLOCK.instant());
			JsonNode attempt = onlyAttempt(row);
			assertThat(attempt.get("smtpCode").asInt()).as(buyer.getKey()).isEqualTo(Integer.parseInt(code));
			assertThat(attempt.get("smtpReply").asString()).as(buyer.getKey()).contains(replies.get(code).substring(4));
			assertThat(this.smtp.acceptedFor(buyer.getValue())).isEmpty();
		}

		this.smtp.heal();
		CLOCK.advance(Duration.ofMinutes(7));
		dispatchOnce();

		for (Map.Entry<String, String> buyer : buyers.entrySet()) {
			JsonNode row = row(buyer.getKey());
			assertThat(row.get("status").asString()).as(buyer.getKey()).isEqualTo("SENT");
			assertThat(row.get("attempts")).hasSize(2);
			assertThat(this.smtp.acceptedFor(buyer.getValue())).singleElement()
				.satisfies(accepted -> assertThat(accepted.messageId()).isEqualTo(row.get("messageId").asString()));
		}
	}

	@Test
	void permanentRepliesFailTheMessageWithTheReplyKeptAndHardBouncesSuppressTheAddress() {
		record Scripted(String ref, Phase phase, String reply, boolean hardBounce) {
		}
		List<Scripted> scripts = List.of(new Scripted("p550", Phase.DATA, "550 5.7.1 Message refused as spam", false),
				new Scripted("p551", Phase.RCPT, "551 5.1.6 User not local", true),
				new Scripted("p552", Phase.DATA, "552 5.3.4 Message too big", false),
				new Scripted("p553", Phase.RCPT, "553 5.1.3 Mailbox name not allowed", true),
				new Scripted("p554", Phase.DATA, "554 5.7.0 Transaction failed", false),
				new Scripted("unknown", Phase.RCPT, "550 5.1.1 User unknown", true));
		Map<String, String> buyers = new HashMap<>();
		for (Scripted script : scripts) {
			buyers.put(script.ref(), buyer(script.ref()));
			this.smtp.on(buyers.get(script.ref()), script.phase(), Action.reply(script.reply()));
		}

		dispatchOnce();

		for (Scripted script : scripts) {
			JsonNode row = row(script.ref());
			assertThat(row.get("status").asString()).as(script.ref()).isEqualTo("FAILED");
			assertThat(row.get("reason").asString()).isEqualTo("rejected");
			assertThat(row.get("lastReply").asString()).contains(script.reply().substring(4));
			assertThat(onlyAttempt(row).get("smtpCode").asInt())
				.isEqualTo(Integer.parseInt(script.reply().substring(0, 3)));
			Api.Response suppression = this.shop.get("/api/v1/suppressions/" + buyers.get(script.ref()));
			if (script.hardBounce()) {
				assertThat(suppression.status()).as(script.ref()).isEqualTo(200);
				assertThat(suppression.json().get("reason").asString()).isEqualTo("hard_bounce");
			}
			else {
				assertThat(suppression.status()).as(script.ref()).isEqualTo(404);
			}
		}
		assertThat(this.shop.get("/api/v1/suppressions?reason=hard_bounce").json().get("items"))
			.extracting(item -> item.get("email").asString())
			.containsExactlyInAnyOrder(buyers.get("p551"), buyers.get("p553"), buyers.get("unknown"));

		// Never retried; and a hard-bounced address gets nothing more, not even a try.
		int connections = this.smtp.connections();
		CLOCK.advance(Duration.ofHours(2));
		this.shop.post("/api/v1/sales", """
				{"externalRef":"again","contactRef":"unknown","amount":3,"currency":"EUR","occurredAt":"%s"}"""
			.formatted(CLOCK.instant()));
		dispatchOnce();
		assertThat(outreachOf("unknown")).extracting(o -> o.get("status").asString() + "/" + o.get("reason").asString())
			.containsExactlyInAnyOrder("FAILED/rejected", "SKIPPED/suppressed");
		assertThat(this.smtp.connections()).isEqualTo(connections);
		assertThat(this.smtp.accepted()).isEmpty();
	}

	@Test
	void aConnectionDroppedMidDataAndAStalledServerAreRetriedThenSent() {
		String dropped = buyer("dropped");
		String stalled = buyer("stalled");
		this.smtp.on(dropped, Phase.DATA, Action.drop());
		this.smtp.on(stalled, Phase.DATA, Action.stall());

		long started = System.nanoTime();
		dispatchOnce();
		// The stall ends at mail.smtp.timeout (1 s here), not never.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

		JsonNode droppedRow = row("dropped");
		assertThat(droppedRow.get("status").asString()).isEqualTo("RETRY");
		assertThat(onlyAttempt(droppedRow).get("outcome").asString()).isEqualTo("TRANSIENT");
		assertThat(onlyAttempt(droppedRow).get("smtpReply").asString()).isNotBlank();
		JsonNode stalledRow = row("stalled");
		assertThat(stalledRow.get("status").asString()).isEqualTo("RETRY");
		assertThat(onlyAttempt(stalledRow).get("smtpReply").asString()).containsIgnoringCase("timed out");

		this.smtp.heal();
		CLOCK.advance(Duration.ofMinutes(7));
		dispatchOnce();
		for (String ref : List.of("dropped", "stalled")) {
			assertThat(row(ref).get("status").asString()).as(ref).isEqualTo("SENT");
		}
		assertThat(this.smtp.acceptedFor(dropped)).singleElement()
			.satisfies(a -> assertThat(a.messageId()).isEqualTo(droppedRow.get("messageId").asString()));
		assertThat(this.smtp.acceptedFor(stalled)).singleElement()
			.satisfies(a -> assertThat(a.messageId()).isEqualTo(stalledRow.get("messageId").asString()));
	}

	@Test
	void aStallingServerNeverKeepsABatchPastHalfItsLease() {
		this.app.close();
		startApplication("--gratitude.outreach.lease=4s");
		List<String> refs = List.of("s1", "s2", "s3", "s4", "s5", "s6");
		for (String ref : refs) {
			buyer(ref);
		}
		this.smtp.always(Phase.DATA, Action.stall());

		// Each message stalls for the 1 s timeout; after 2 s the batch gives the rest
		// back.
		dispatchOnce();

		List<JsonNode> rows = rows(refs);
		assertThat(rows).allSatisfy(row -> assertThat(row.get("status").asString()).isEqualTo("RETRY"));
		long tried = rows.stream().filter(row -> row.get("attempts").size() == 1).count();
		assertThat(tried).isBetween(1L, 4L);
		assertThat(rows).filteredOn(row -> row.get("attempts").isEmpty())
			.isNotEmpty()
			.allSatisfy(row -> assertThat(Instant.parse(row.get("dueAt").asString())).isEqualTo(CLOCK.instant()));

		this.smtp.heal();
		CLOCK.advance(Duration.ofMinutes(7));
		dispatchOnce();
		assertThat(rows(refs)).allSatisfy(row -> assertThat(row.get("status").asString()).isEqualTo("SENT"));
		assertThat(this.smtp.accepted()).hasSize(refs.size());
	}

	@Test
	void aWholeServerOutageIsNotHammeredLosesNothingAndSendingResumesOnItsOwn() {
		List<String> refs = List.of("o1", "o2", "o3");
		Map<String, String> buyers = new HashMap<>();
		for (String ref : refs) {
			buyers.put(ref, buyer(ref));
		}
		// The server answers every connection with 421.
		this.smtp.always(Phase.GREETING, Action.reply("421 4.3.2 Service not available"));

		dispatchOnce();

		assertThat(this.smtp.connections()).isEqualTo(1);
		List<JsonNode> rows = refs.stream().map(this::row).toList();
		assertThat(rows).allSatisfy(row -> assertThat(row.get("status").asString()).isEqualTo("RETRY"));
		// One attempt (the one that met the 421), the others returned untried.
		assertThat(rows).flatExtracting(row -> row.get("attempts").valueStream().toList())
			.singleElement()
			.satisfies(attempt -> {
				assertThat(attempt.get("outcome").asString()).isEqualTo("UNREACHABLE");
				assertThat(attempt.get("smtpCode").asInt()).isEqualTo(421);
			});
		assertThat(pendingAttemptCounts()).containsOnly(0);

		// While the clock does not move, no dispatch round touches the server.
		for (int i = 0; i < 5; i++) {
			assertThat(this.dispatcher.claimBatch()).isEmpty();
			assertThat(this.dispatcher.dispatchDue()).isZero();
		}
		assertThat(this.smtp.connections()).isEqualTo(1);

		// After the first pause (5 s) one more try; the pause doubles (10 s).
		CLOCK.advance(Duration.ofSeconds(5));
		dispatchOnce();
		assertThat(this.smtp.connections()).isEqualTo(2);
		CLOCK.advance(Duration.ofSeconds(5));
		assertThat(this.dispatcher.claimBatch()).isEmpty();

		// Now the server is gone altogether: connections are refused.
		this.smtp.stop();
		CLOCK.advance(Duration.ofSeconds(5));
		dispatchOnce();
		assertThat(rows(refs)).allSatisfy(row -> assertThat(row.get("status").asString()).isEqualTo("RETRY"));
		assertThat(rows(refs)).flatExtracting(row -> row.get("attempts").valueStream().toList())
			.extracting(attempt -> attempt.get("smtpReply").asString())
			.anySatisfy(reply -> assertThat(reply).containsIgnoringCase("refused"));
		assertThat(pendingAttemptCounts()).containsOnly(0);

		// The server comes back: the next round after the pause (20 s) sends everything.
		this.smtp.heal();
		this.smtp.resume();
		CLOCK.advance(Duration.ofSeconds(19));
		assertThat(this.dispatcher.claimBatch()).isEmpty();
		CLOCK.advance(Duration.ofSeconds(1));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(3);
		for (String ref : refs) {
			JsonNode row = row(ref);
			assertThat(row.get("status").asString()).isEqualTo("SENT");
			assertThat(this.smtp.acceptedFor(buyers.get(ref))).singleElement()
				.satisfies(a -> assertThat(a.messageId()).isEqualTo(row.get("messageId").asString()));
		}
	}

	@Test
	void retriesStopAtTheProgramsLatenessWithRetriesExhaustedAndARetryClaimedTooLateIsSkipped() {
		this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"maxLateness\":\"PT30M\"}");
		String stubborn = buyer("stubborn");
		this.smtp.on(stubborn, Phase.RCPT, Action.reply("451 4.7.1 Greylisted, try later"));

		dispatchOnce();
		for (int i = 0; i < 10 && row("stubborn").get("status").asString().equals("RETRY"); i++) {
			// Each retry exactly when it is due.
			CLOCK.set(Instant.parse(row("stubborn").get("dueAt").asString()));
			dispatchOnce();
		}

		JsonNode row = row("stubborn");
		assertThat(row.get("status").asString()).isEqualTo("FAILED");
		assertThat(row.get("reason").asString()).isEqualTo("retries_exhausted");
		assertThat(row.get("attempts").size()).isGreaterThanOrEqualTo(2);
		Instant expiresAt = Instant.parse(row.get("expiresAt").asString());
		assertThat(row.get("attempts").valueStream().toList()).allSatisfy(attempt -> {
			assertThat(attempt.get("smtpCode").asInt()).isEqualTo(451);
			assertThat(Instant.parse(attempt.get("at").asString())).isBeforeOrEqualTo(expiresAt);
		});

		// A retry that is only claimed after its lateness (downtime, a long outage) is
		// never sent late.
		String late = buyer("late");
		this.smtp.on(late, Phase.RCPT, Action.reply("450 4.2.1 Mailbox busy"));
		dispatchOnce();
		assertThat(row("late").get("status").asString()).isEqualTo("RETRY");
		this.smtp.heal();
		CLOCK.advance(Duration.ofMinutes(31));
		dispatchOnce();
		assertThat(row("late").get("status").asString()).isEqualTo("SKIPPED");
		assertThat(row("late").get("reason").asString()).isEqualTo("too_late");
		assertThat(this.smtp.accepted()).isEmpty();
	}

	private void dispatchOnce() {
		this.dispatcher.send(this.dispatcher.claimBatch());
	}

	/** A contact who just bought something: their thank-you is due now. */
	private String buyer(String ref) {
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
		return email;
	}

	private List<JsonNode> outreachOf(String ref) {
		Api.Response response = this.shop.get("/api/v1/outreach?contactRef=" + ref);
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("items").valueStream().toList();
	}

	private JsonNode row(String ref) {
		return outreachOf(ref).get(0);
	}

	private List<JsonNode> rows(List<String> refs) {
		return refs.stream().map(this::row).toList();
	}

	private static JsonNode onlyAttempt(JsonNode row) {
		assertThat(row.get("attempts")).hasSize(1);
		return row.get("attempts").get(0);
	}

	/**
	 * The attempt counters of the partner's waiting rows (what their backoff grows with).
	 */
	private List<Integer> pendingAttemptCounts() {
		return this.app.getBean(SendLog.class)
			.find(this.partnerId, OutreachStatus.RETRY, null, new Page.Request(0, 100))
			.stream()
			.map(listed -> listed.outreach().attemptCount())
			.toList();
	}

}
