package io.gratitude.planning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestDatabase;
import io.gratitude.outreach.NewOutreach;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan run stores a program's occasions in batches, after one read of those planned
 * already. A contact's change may plan one of them in between (it runs anywhere, the plan
 * job on one node at a time): the run must neither fail nor store it twice.
 */
class PlanRaceTest extends IntegrationTest {

	private static final JobKey PLAN = JobKey.jobKey("plan", "gratitude");

	@Autowired
	Planner planner;

	@Autowired
	OutreachQueue queue;

	@Autowired
	Programs programs;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Scheduler scheduler;

	@Test
	void aPlanRunThatMeetsAnOccasionPlannedMeanwhileStoresEveryOccasionOnce() throws Exception {
		CLOCK.set("2027-03-30T12:00:00Z");
		// Only this test's plan run: the plan job waits meanwhile.
		this.scheduler.pauseJob(PLAN);
		try {
			race();
		}
		finally {
			this.scheduler.resumeJob(PLAN);
		}
	}

	private void race() throws Exception {
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String ref : List.of("ada", "bo", "cy")) {
			assertThat(shop
				.put("/api/v1/contacts/" + ref,
						"""
								{"email":"%s@race.example","timeZone":"UTC","significantDates":[{"kind":"BIRTHDAY","month":4,"day":1}]}"""
							.formatted(ref))
				.status()).isIn(200, 201);
		}
		// As if the contacts had been written before the program looked this far ahead.
		Program birthday = this.programs.findByKey(this.partnerId, "birthday").orElseThrow();
		this.jdbc.sql("DELETE FROM outreach WHERE partner_id = ?").param(this.partnerId).update();
		this.jdbc.sql("UPDATE program SET planned_through = NULL WHERE id = ?").param(birthday.id()).update();
		long bo = this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref = 'bo'")
			.param(this.partnerId)
			.query(Long.class)
			.single();
		Instant due = Instant.parse("2027-04-01T09:00:00Z");
		NewOutreach bosGreeting = new NewOutreach(this.partnerId, birthday.id(), bo, "birthday@2027-04-01",
				LocalDate.parse("2027-04-01"), null, OutreachStatus.SCHEDULED, null, due, due.plusSeconds(86_400),
				"<race-bo@shop.example>");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			// Another transaction has stored Bo's greeting and not committed yet...
			CountDownLatch inserted = new CountDownLatch(1);
			CountDownLatch commit = new CountDownLatch(1);
			Future<?> other = threads.submit(() -> this.transactions.execute((status) -> {
				this.queue.insertNew(List.of(bosGreeting), CLOCK.instant());
				inserted.countDown();
				await(commit);
				return null;
			}));
			assertThat(inserted.await(15, TimeUnit.SECONDS)).isTrue();
			// ...when a plan run reads what is planned (not Bo's greeting) and stores.
			Future<Integer> run = threads.submit(() -> this.planner.planOccasions());
			// The run plans every partner of the shared test database first: on MySQL,
			// late
			// in the suite, that takes a while.
			Awaitility.await()
				.atMost(Duration.ofMinutes(3))
				.until(() -> TestDatabase.anInsertWaitsForALock(this.jdbc, "outreach"));
			commit.countDown();
			other.get(15, TimeUnit.SECONDS);

			assertThat(run.get(3, TimeUnit.MINUTES)).as("the run ends without an error").isNotNull();
			eventually().until(() -> greetings().size() == 3);
			assertThat(greetings()).isEqualTo(Map.of("ada", 1L, "bo", 1L, "cy", 1L));
			assertThat(this.jdbc.sql("SELECT message_id FROM outreach WHERE contact_id = ?")
				.param(bo)
				.query(String.class)
				.list()).containsExactly("<race-bo@shop.example>");
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** How many birthday greetings each of the partner's contacts has. */
	private Map<String, Long> greetings() {
		return this.jdbc.sql("""
				SELECT c.external_ref FROM outreach o JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = ? AND o.occasion = 'birthday@2027-04-01'""")
			.param(this.partnerId)
			.query(String.class)
			.list()
			.stream()
			.collect(Collectors.groupingBy((ref) -> ref, Collectors.counting()));
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
