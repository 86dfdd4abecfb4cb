package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.gratitude.Api;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.TestDatabase;
import io.gratitude.mail.ScriptedSmtpServer;
import io.gratitude.suppression.Suppressions;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher reads what a batch's checks and messages need for many rows at once
 * ({@link DispatchReads}): every row of a batch that mixes recipients opted out,
 * suppressed, capped, out of the audience, in other languages and of other templates
 * still gets its own outcome and its own model; a template published between batches is
 * the one the next batch sends; a change made while a batch is under way reaches its
 * later messages; and a backlog goes out over several connections at once. The
 * application runs in a context of its own against a {@link ScriptedSmtpServer}, its jobs
 * idle, and each test claims and sends by hand.
 */
class DispatchBatchTest {

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2027-11-08T10:00:00Z"));

	private static final String NBSP = "\u00a0";

	private ScriptedSmtpServer smtp;

	private ConfigurableApplicationContext app;

	private Api shop;

	private long partnerId;

	private Dispatcher dispatcher;

	private JdbcClient jdbc;

	@BeforeEach
	void start() {
		CLOCK.set("2027-11-08T10:00:00Z");
		this.smtp = ScriptedSmtpServer.start();
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		this.smtp.close();
	}

	@Test
	void everyRowOfAMixedBatchGetsItsOwnOutcomeAndItsOwnModel() throws Exception {
		startApplication("--gratitude.outreach.batch-size=50");
		publish("after-sale-thanks", "", "Thanks, ${contact.firstName}",
				"sale=${sale.amountText} purchases=${contact.purchaseCount} spend=${contact.lifetimeSpendText!'-'}"
						+ " last=${(contact.lastPurchase.description)!'-'}");
		publish("after-sale-thanks", "fr", "Merci, ${contact.firstName}",
				"vente=${sale.amountText} achats=${contact.purchaseCount}");
		publish("vip", "", "VIP ${contact.firstName}", "dear client ${contact.firstName}");
		Api.Response program = this.shop.post("/api/v1/programs", """
				{"key":"vip-check-in","name":"VIP check-in","trigger":"CHECK_IN","periodDays":30,
				 "audience":"CLIENT","template":"vip"}""");
		assertThat(program.status()).as(program.raw().body()).isEqualTo(201);

		// Thank-yous may wait up to five days here, longer than the cap (72 h).
		assertThat(this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"maxLateness\":\"PT120H\"}").status())
			.isEqualTo(200);
		// Two purchases: both thank-yous due now; the cap lets the older one go, the
		// other
		// waits for the period after it.
		String ana = contact("ana", "Ana", "CUSTOMER", "en");
		sale("ana", "S-ana-1", "10.00", "a mug", CLOCK.instant().minus(Duration.ofHours(2)));
		sale("ana", "S-ana-2", "5.50", "a pen", CLOCK.instant());
		String lea = contact("lea", "Léa", "CUSTOMER", "fr");
		sale("lea", "S-lea", "14.50", "un livre", CLOCK.instant());
		String omar = contact("omar", "Omar", "CUSTOMER", "en");
		sale("omar", "S-omar", "3.00", null, CLOCK.instant());
		assertThat(this.shop.post("/api/v1/contacts/omar/opt-out", "").status()).isEqualTo(200);
		String sam = contact("sam", "Sam", "CUSTOMER", "en");
		this.app.getBean(Suppressions.class)
			.suppress(this.partnerId, sam.toUpperCase(Locale.ROOT), "hard_bounce", CLOCK.instant());
		sale("sam", "S-sam", "3.00", null, CLOCK.instant());
		// Written to an hour ago: the cap holds the thank-you back.
		String pat = contact("pat", "Pat", "CUSTOMER", "en");
		Instant patLastSent = CLOCK.instant().minus(Duration.ofHours(1));
		sentEarlier("pat", patLastSent);
		sale("pat", "S-pat", "3.00", null, CLOCK.instant());
		// The VIP check-in goes to clients only, with a template of its own.
		String cara = contact("cara", "Cara", "CLIENT", "en");
		String cleo = contact("cleo", "Cleo", "CUSTOMER", "en");
		checkInDue("cara");
		checkInDue("cleo");

		List<Long> batch = this.dispatcher.claimBatch();
		assertThat(batch).hasSize(8);
		assertThat(this.dispatcher.send(batch)).isEqualTo(8);

		assertThat(this.smtp.accepted()).extracting(ScriptedSmtpServer.Accepted::recipient)
			.containsExactlyInAnyOrder(ana, lea, cara);
		MimeMessage toAna = only(ana);
		assertThat(toAna.getSubject()).isEqualTo("Thanks, Ana");
		assertThat(text(toAna)).isEqualTo("sale=€10.00 purchases=2 spend=€15.50 last=a pen");
		MimeMessage toLea = only(lea);
		assertThat(toLea.getSubject()).isEqualTo("Merci, Léa");
		assertThat(text(toLea)).isEqualTo("vente=14,50" + NBSP + "€ achats=1");
		assertThat(only(cara).getSubject()).isEqualTo("VIP Cara");
		assertThat(text(only(cara))).isEqualTo("dear client Cara");

		assertThat(row("ana", "sale:S-ana-1").get("status").asString()).isEqualTo("SENT");
		assertThat(locale("ana", "sale:S-ana-1")).isEqualTo("");
		JsonNode anaSecond = row("ana", "sale:S-ana-2");
		assertThat(anaSecond.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(Instant.parse(anaSecond.get("dueAt").asString()))
			.isEqualTo(CLOCK.instant().plus(Duration.ofHours(72)));
		assertThat(locale("lea", "sale:S-lea")).isEqualTo("fr");
		assertThat(reasonOf("omar", "sale:S-omar")).isEqualTo("SKIPPED opted_out");
		assertThat(reasonOf("sam", "sale:S-sam")).isEqualTo("SKIPPED suppressed");
		JsonNode patRow = row("pat", "sale:S-pat");
		assertThat(patRow.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(Instant.parse(patRow.get("dueAt").asString())).isEqualTo(patLastSent.plus(Duration.ofHours(72)));
		assertThat(row("cara", checkIn()).get("status").asString()).isEqualTo("SENT");
		assertThat(reasonOf("cleo", checkIn())).isEqualTo("CANCELLED not_in_audience");
		assertThat(this.smtp.acceptedFor(cleo)).isEmpty();
		assertThat(this.smtp.acceptedFor(omar)).isEmpty();
		assertThat(this.smtp.acceptedFor(sam)).isEmpty();
		assertThat(this.smtp.acceptedFor(pat)).isEmpty();
	}

	@Test
	void aTemplatePublishedBetweenBatchesIsTheOneTheNextBatchSends() throws Exception {
		startApplication();
		publish("after-sale-thanks", "", "First words for ${contact.firstName}", "one");
		String ana = contact("ana", "Ana", "CUSTOMER", "en");
		sale("ana", "S-ana", "10.00", null, CLOCK.instant());
		assertThat(this.dispatcher.send(this.dispatcher.claimBatch())).isEqualTo(1);
		assertThat(only(ana).getSubject()).isEqualTo("First words for Ana");

		publish("after-sale-thanks", "", "Second words for ${contact.firstName}", "two");
		String bea = contact("bea", "Bea", "CUSTOMER", "en");
		sale("bea", "S-bea", "10.00", null, CLOCK.instant());
		assertThat(this.dispatcher.send(this.dispatcher.claimBatch())).isEqualTo(1);
		assertThat(only(bea).getSubject()).isEqualTo("Second words for Bea");
		assertThat(text(only(bea))).isEqualTo("two");
	}

	@Test
	void anOptOutMadeWhileABatchIsUnderWayReachesItsLaterMessages() throws Exception {
		startApplication();
		// Two seconds a message: the batch's reads are older than a second by the time
		// its third message is checked, so they are read again.
		this.smtp.always(ScriptedSmtpServer.Phase.DATA, ScriptedSmtpServer.Action.slow(Duration.ofSeconds(2)));
		List<String> recipients = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			recipients.add(contact("x" + i, "X" + i, "CUSTOMER", "en"));
			sale("x" + i, "S-x" + i, "1.00", null, CLOCK.instant().plusSeconds(i));
		}
		CLOCK.advance(Duration.ofMinutes(1));
		List<Long> batch = this.dispatcher.claimBatch();
		assertThat(batch).hasSize(3);

		CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(() -> this.dispatcher.send(batch));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.accepted().size() == 1);
		assertThat(this.shop.post("/api/v1/contacts/x3/opt-out", "").status()).isEqualTo(200);
		assertThat(sending.get(60, TimeUnit.SECONDS)).isEqualTo(3);

		assertThat(this.smtp.accepted()).extracting(ScriptedSmtpServer.Accepted::recipient)
			.containsExactly(recipients.get(0), recipients.get(1));
		assertThat(reasonOf("x3", "sale:S-x3")).isEqualTo("SKIPPED opted_out");
	}

	@Test
	void aBacklogGoesOutOverSeveralConnectionsAtOnceNeverMoreThanTheSlots() throws Exception {
		startApplication("--gratitude.outreach.batch-size=5", "--gratitude.delivery.max-connections=3");
		// Slow enough that the first batch is still out when the next runs claim theirs.
		this.smtp.always(ScriptedSmtpServer.Phase.DATA, ScriptedSmtpServer.Action.slow(Duration.ofMillis(200)));
		this.jdbc.sql("UPDATE partner SET frequency_cap_hours = 0 WHERE id = ?").param(this.partnerId).update();
		for (int i = 0; i < 30; i++) {
			contact("b" + i, "B" + i, "CUSTOMER", "en");
			sale("b" + i, "S-b" + i, "1.00", null, CLOCK.instant());
		}

		// One firing of the dispatch job: its run, finding a full batch, starts the next.
		this.app.getBean(Scheduler.class).triggerJob(JobKey.jobKey("dispatch", "gratitude"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM outreach WHERE partner_id = ? AND status = 'SENT'")
				.param(this.partnerId)
				.query(Integer.class)
				.single() == 30);

		assertThat(this.smtp.accepted()).hasSize(30)
			.extracting(ScriptedSmtpServer.Accepted::messageId)
			.doesNotHaveDuplicates();
		assertThat(this.smtp.mostConcurrentSessions()).isBetween(2, 3);
	}

	private void startApplication(String... settings) {
		String db = "batch-" + UUID.randomUUID();
		List<String> args = new ArrayList<>(
				TestDatabase.arguments(db, "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"));
		args.addAll(List.of("--server.port=0", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + this.smtp.port(),
				"--gratitude.admin-token=batch-admin", "--gratitude.demo.enabled=false",
				"--gratitude.data-dir=./target/dispatch-batch-test", "--gratitude.outreach.dispatch-interval=1h",
				"--gratitude.outreach.plan-interval=1h", "--gratitude.outreach.recovery-interval=1h",
				"--gratitude.delivery.max-per-minute=0",
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=" + db));
		args.addAll(List.of(settings));
		this.app = StandaloneApplication.start(CLOCK, args.toArray(String[]::new));
		Api admin = new Api(((WebServerApplicationContext) this.app).getWebServer().getPort(), "batch-admin");
		Api.Response created = admin.post("/api/v1/partners", """
				{"name":"Mixed shop","senderEmail":"hello@mixed.example","senderName":"Mixed",
				 "timeZone":"UTC","sendWindow":{"start":"00:00","end":"00:00"}}""");
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		this.partnerId = created.json().get("id").asLong();
		this.shop = admin.as(created.json().get("apiKey").asString());
		this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		this.dispatcher = this.app.getBean(Dispatcher.class);
		this.jdbc = this.app.getBean(JdbcClient.class);
		// The dispatch job fires once at start; after that, only the test dispatches.
		StandaloneApplication.awaitFirstDispatch(this.app);
	}

	/** Saves and publishes a variant ({@code ""} the base) of the partner's template. */
	private void publish(String key, String locale, String subject, String text) {
		String path = "/api/v1/templates/" + key + (locale.isEmpty() ? "" : "/locales/" + locale);
		Api.Response saved = this.shop.put(path, """
				{"subject":"%s","html":"<p>%s</p>","text":"%s"}""".formatted(subject, text, text));
		assertThat(saved.status()).as(saved.raw().body()).isEqualTo(201);
		Api.Response published = this.shop.post(path + "/publish", "{}");
		assertThat(published.status()).as(published.raw().body()).isEqualTo(200);
	}

	/** A contact; returns its address. */
	private String contact(String ref, String firstName, String relationship, String locale) {
		String email = ref + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		Api.Response saved = this.shop.put("/api/v1/contacts/" + ref, """
				{"email":"%s","firstName":"%s","relationship":"%s","locale":"%s"}""".formatted(email, firstName,
				relationship, locale));
		assertThat(saved.status()).as(saved.raw().body()).isEqualTo(201);
		return email;
	}

	/** A sale, whose thank-you is due when it occurred. */
	private void sale(String contactRef, String ref, String amount, String description, Instant occurredAt) {
		Api.Response saved = this.shop.post("/api/v1/sales",
				"""
						{"externalRef":"%s","contactRef":"%s","amount":%s,"currency":"EUR","occurredAt":"%s"%s}"""
					.formatted(ref, contactRef, amount, occurredAt,
							(description != null) ? ",\"description\":\"" + description + "\"" : ""));
		assertThat(saved.status()).as(saved.raw().body()).isEqualTo(201);
	}

	/** A birthday greeting sent to the contact at {@code sentAt}. */
	private void sentEarlier(String contactRef, Instant sentAt) {
		insertOutreach(contactRef, "birthday", "birthday@2027-11-08", "SENT", sentAt, sentAt);
	}

	/** The VIP check-in of today, due now. */
	private void checkInDue(String contactRef) {
		insertOutreach(contactRef, "vip-check-in", checkIn(), "SCHEDULED", CLOCK.instant(), null);
	}

	private static String checkIn() {
		return "check-in@" + LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
	}

	/** Writes an outreach row with the columns the planner writes, as it writes them. */
	private void insertOutreach(String contactRef, String programKey, String occasion, String status, Instant dueAt,
			Instant sentAt) {
		long contactId = this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref = ?")
			.params(this.partnerId, contactRef)
			.query(Long.class)
			.single();
		long programId = this.jdbc.sql("SELECT id FROM program WHERE partner_id = ? AND program_key = ?")
			.params(this.partnerId, programKey)
			.query(Long.class)
			.single();
		long now = CLOCK.millis();
		this.jdbc.sql("""
				INSERT INTO outreach (partner_id, program_id, contact_id, occasion, occasion_date, status, due_at,
				                      expires_at, sent_at, message_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(this.partnerId, programId, contactId, occasion, LocalDate.ofInstant(dueAt, ZoneOffset.UTC), status,
					dueAt.toEpochMilli(), dueAt.plus(Duration.ofHours(48)).toEpochMilli(),
					(sentAt != null) ? sentAt.toEpochMilli() : null, "<" + UUID.randomUUID() + "@mixed.example>", now,
					now)
			.update();
	}

	private JsonNode row(String contactRef, String occasion) {
		Api.Response response = this.shop.get("/api/v1/outreach?contactRef=" + contactRef);
		assertThat(response.status()).isEqualTo(200);
		return response.json()
			.get("items")
			.valueStream()
			.filter(item -> occasion.equals(item.get("occasion").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + occasion + " for " + contactRef));
	}

	private String reasonOf(String contactRef, String occasion) {
		JsonNode row = row(contactRef, occasion);
		return row.get("status").asString() + " " + row.get("reason").asString();
	}

	private String locale(String contactRef, String occasion) {
		long id = row(contactRef, occasion).get("id").asLong();
		return this.shop.get("/api/v1/outreach/" + id).json().get("locale").asString();
	}

	private MimeMessage only(String recipient) {
		List<ScriptedSmtpServer.Accepted> accepted = this.smtp.acceptedFor(recipient);
		assertThat(accepted).hasSize(1);
		return accepted.get(0).message();
	}

	private static String text(MimeMessage mail) throws Exception {
		return ((String) ((Multipart) mail.getContent()).getBodyPart(0).getContent()).strip();
	}

}
