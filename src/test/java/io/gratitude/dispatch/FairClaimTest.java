package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.gratitude.Api;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.mail.ScriptedSmtpServer;
import io.gratitude.outreach.OutreachQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Each claim shares its batch fairly between the partners with due messages and keeps
 * each partner within its messages per minute, claim by claim: the application runs in a
 * context of its own (own in-memory database, own Quartz scheduler name, a settable
 * clock) against a {@link ScriptedSmtpServer}, its jobs idle, and each test claims and
 * sends batches by hand. Due messages are written straight to the database, as the
 * planner writes them, ten thousand at a time. (Concurrent claims overlap little on
 * in-memory H2; on MariaDB, a claim without its turn lets eight workers spend one
 * partner's allowance eight times, which the concurrency test catches.)
 */
class FairClaimTest {

	static final SettableClock CLOCK = new SettableClock(Instant.parse("2027-10-04T10:00:00Z"));

	private ScriptedSmtpServer smtp;

	private ConfigurableApplicationContext app;

	private Api admin;

	private Dispatcher dispatcher;

	private JdbcClient jdbc;

	@BeforeEach
	void start() {
		CLOCK.set("2027-10-04T10:00:00Z");
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
	void aPartnerWithTenDueIsServedInTheFirstBatchBesideOneWithTenThousandDueEarlier() {
		// Batches of 100 (the default is 200): the shares below are counted for that.
		startApplication("--gratitude.outreach.batch-size=100");
		long big = enroll("Big shop", null);
		long small = enroll("Small shop", null);
		Instant now = CLOCK.instant();
		// One a second from 3 h ago: every one of them due before the small partner's.
		dueMessages(big, "big", 10_000, now.minus(Duration.ofHours(3)));
		List<String> smallRecipients = dueMessages(small, "small", 10, now.minus(Duration.ofMinutes(1)));

		// Oldest due first across partners would give the whole batch to the big one.
		List<Long> first = this.dispatcher.claimBatch();
		assertThat(first).hasSize(100);
		assertThat(partnersOf(first)).containsOnly(entry(big, 90L), entry(small, 10L));
		assertThat(first).containsAll(oldestDue(big, 90));

		assertThat(this.dispatcher.send(first)).isEqualTo(100);
		assertThat(statusesOf(small)).containsOnly(entry("SENT", 10L));
		assertThat(statusesOf(big)).containsOnly(entry("SENT", 90L), entry("SCHEDULED", 9_910L));
		assertThat(smallRecipients).allSatisfy(to -> assertThat(this.smtp.acceptedFor(to)).hasSize(1));

		// The small partner has nothing left: the next batch is all the big one's.
		assertThat(partnersOf(this.dispatcher.claimBatch())).containsOnly(entry(big, 100L));
	}

	@Test
	void withMorePartnersDueThanABatchHasRowsEachPartnerGetsItsTurn() {
		// Batches of 3 for 5 partners; no rate limit at all (0), so only the share
		// counts.
		startApplication("--gratitude.outreach.batch-size=3", "--gratitude.delivery.max-per-minute=0");
		List<Long> partners = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			partners.add(enroll("Shop " + i, null));
			// Two each; each partner's due before the next one's.
			dueMessages(partners.get(i), "p" + i, 2, CLOCK.instant().minus(Duration.ofHours(5 - i)));
		}

		Map<Long, Long> first = partnersOf(this.dispatcher.claimBatch());
		Map<Long, Long> second = partnersOf(this.dispatcher.claimBatch());

		// One each to three partners, then the next window: the other two, and round
		// again.
		assertThat(first).hasSize(3)
			.containsOnlyKeys(partners.subList(0, 3))
			.allSatisfy((p, n) -> assertThat(n).isOne());
		assertThat(second).hasSize(3).allSatisfy((p, n) -> assertThat(n).isOne());
		Set<Long> served = new HashSet<>(first.keySet());
		served.addAll(second.keySet());
		assertThat(served).containsExactlyInAnyOrderElementsOf(partners);
	}

	@Test
	void aPartnersRateCountsItsMessagesInFlightAndThoseSentInTheLastMinute() {
		startApplication("--gratitude.delivery.max-per-minute=4");
		long careful = enroll("Careful shop", 5);
		long ordinary = enroll("Ordinary shop", null);
		Instant due = CLOCK.instant().minus(Duration.ofMinutes(10));
		dueMessages(careful, "careful", 12, due);
		dueMessages(ordinary, "ordinary", 6, due);

		// Its own limit for one, the configured default (4) for the other.
		List<Long> first = this.dispatcher.claimBatch();
		assertThat(partnersOf(first)).containsOnly(entry(careful, 5L), entry(ordinary, 4L));
		// Messages in flight count: while the batch is out, nothing more is claimed...
		assertThat(this.dispatcher.claimBatch()).isEmpty();
		assertThat(this.dispatcher.send(first)).isEqualTo(9);
		// ...and so do messages sent in the last minute. The rest wait untouched.
		assertThat(this.dispatcher.claimBatch()).isEmpty();
		assertThat(statusesOf(careful)).containsOnly(entry("SENT", 5L), entry("SCHEDULED", 7L));
		assertThat(attemptCountsOfWaiting(careful)).hasSize(7).containsOnly(0);
		assertThat(this.smtp.accepted()).hasSize(9);

		CLOCK.advance(Duration.ofSeconds(59));
		assertThat(this.dispatcher.claimBatch()).isEmpty();
		CLOCK.advance(Duration.ofSeconds(2));
		assertThat(partnersOf(this.dispatcher.claimBatch())).containsOnly(entry(careful, 5L), entry(ordinary, 2L));
	}

	@Test
	void concurrentClaimsNeverSpendAPartnersAllowanceTwice() throws Exception {
		startApplication();
		long careful = enroll("Careful shop", 5);
		dueMessages(careful, "careful", 40, CLOCK.instant().minus(Duration.ofMinutes(10)));

		// Eight workers claim at the same moment, as the dispatch job's threads on
		// several nodes would: together they get the partner's five, not five each.
		ExecutorService workers = Executors.newFixedThreadPool(8);
		List<Long> claimed = new ArrayList<>();
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<List<Long>>> claims = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				claims.add(workers.submit(() -> {
					go.await();
					return this.dispatcher.claimBatch();
				}));
			}
			go.countDown();
			for (Future<List<Long>> claim : claims) {
				claimed.addAll(claim.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			workers.shutdownNow();
		}
		assertThat(claimed).hasSize(5).doesNotHaveDuplicates();
		assertThat(statusesOf(careful)).containsOnly(entry("SENDING", 5L), entry("SCHEDULED", 35L));
	}

	/** Starts the application on a fresh database, with extra command-line settings. */
	private void startApplication(String... settings) {
		String db = "fair-" + UUID.randomUUID();
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:mem:" + db + ";LOCK_TIMEOUT=10000",
				"--server.port=0", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + this.smtp.port(),
				"--gratitude.admin-token=fair-admin", "--gratitude.demo.enabled=false",
				"--gratitude.data-dir=./target/fair-claim-test", "--gratitude.outreach.dispatch-interval=1h",
				"--gratitude.outreach.plan-interval=1h", "--gratitude.outreach.recovery-interval=1h",
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=" + db));
		args.addAll(List.of(settings));
		this.app = StandaloneApplication.start(CLOCK, args.toArray(String[]::new));
		this.admin = new Api(((WebServerApplicationContext) this.app).getWebServer().getPort(), "fair-admin");
		this.dispatcher = this.app.getBean(Dispatcher.class);
		this.jdbc = this.app.getBean(JdbcClient.class);
		// The dispatch job fires once at start; after that, only the test dispatches.
		StandaloneApplication.awaitFirstDispatch(this.app);
	}

	/** Enrolls a partner sending all day, with its own messages per minute or not. */
	private long enroll(String name, @Nullable Integer maxPerMinute) {
		Api.Response created = this.admin.post("/api/v1/partners", """
				{"name":"%s","senderEmail":"hello@fair.example","senderName":"%s","timeZone":"UTC",
				 "sendWindow":{"start":"00:00","end":"00:00"},"maxPerMinute":%s}""".formatted(name, name,
				maxPerMinute));
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	/**
	 * Writes {@code count} contacts of the partner and a birthday greeting due for each,
	 * one a second from {@code firstDue}, with the columns the planner writes
	 * ({@link OutreachQueue#planIfAbsent}) and a Message-ID each.
	 * @return the recipients, in due order
	 */
	private List<String> dueMessages(long partnerId, String prefix, int count, Instant firstDue) {
		JdbcTemplate batch = this.app.getBean(JdbcTemplate.class);
		long now = CLOCK.millis();
		List<String> recipients = new ArrayList<>();
		List<Object[]> contacts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			recipients.add(prefix + "." + i + "@example.com");
			contacts.add(new Object[] { partnerId, prefix + "-" + i, recipients.get(i), "Ada", "CUSTOMER", now, now });
		}
		batch.batchUpdate("""
				INSERT INTO contact (partner_id, external_ref, email, first_name, relationship, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""", contacts);
		List<Long> contactIds = this.jdbc
			.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref LIKE ? ORDER BY id")
			.params(partnerId, prefix + "-%")
			.query(Long.class)
			.list();
		long programId = this.jdbc.sql("SELECT id FROM program WHERE partner_id = ? AND program_key = 'birthday'")
			.param(partnerId)
			.query(Long.class)
			.single();
		LocalDate today = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
		List<Object[]> outreach = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Instant dueAt = firstDue.plusSeconds(i);
			outreach.add(new Object[] { partnerId, programId, contactIds.get(i), "birthday@" + today, today,
					"SCHEDULED", dueAt.toEpochMilli(), dueAt.plus(Duration.ofHours(24)).toEpochMilli(),
					"<" + UUID.randomUUID() + "@fair.example>", now, now });
		}
		batch.batchUpdate("""
				INSERT INTO outreach (partner_id, program_id, contact_id, occasion, occasion_date, status, due_at,
				                      expires_at, message_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", outreach);
		return recipients;
	}

	/** How many of these outreach rows belong to each partner. */
	private Map<Long, Long> partnersOf(List<Long> ids) {
		Map<Long, Long> counts = new LinkedHashMap<>();
		if (!ids.isEmpty()) {
			this.jdbc.sql("SELECT partner_id, COUNT(*) AS n FROM outreach WHERE id IN (:ids) GROUP BY partner_id")
				.param("ids", ids)
				.query((rs, row) -> Map.entry(rs.getLong("partner_id"), rs.getLong("n")))
				.list()
				.forEach(count -> counts.put(count.getKey(), count.getValue()));
		}
		return counts;
	}

	private Map<String, Long> statusesOf(long partnerId) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql("SELECT status, COUNT(*) AS n FROM outreach WHERE partner_id = ? GROUP BY status")
			.param(partnerId)
			.query((rs, row) -> Map.entry(rs.getString("status"), rs.getLong("n")))
			.list()
			.forEach(count -> counts.put(count.getKey(), count.getValue()));
		return counts;
	}

	private List<Long> oldestDue(long partnerId, int count) {
		return this.jdbc.sql("SELECT id FROM outreach WHERE partner_id = ? ORDER BY due_at LIMIT ?")
			.params(partnerId, count)
			.query(Long.class)
			.list();
	}

	/** The attempt counters of the partner's rows still waiting (SCHEDULED). */
	private List<Integer> attemptCountsOfWaiting(long partnerId) {
		return this.jdbc.sql("SELECT attempt_count FROM outreach WHERE partner_id = ? AND status = 'SCHEDULED'")
			.param(partnerId)
			.query(Integer.class)
			.list();
	}

}
