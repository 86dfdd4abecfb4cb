package io.gratitude.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.Prometheus;
import io.gratitude.TestMail;
import io.gratitude.sendlog.QueueMetricsTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose Quartz scheduler stops working is not ready (and says why), while it stays
 * alive; due outreach ages meanwhile, and everything goes out once the scheduler runs
 * again.
 */
class SchedulerHealthTest extends IntegrationTest {

	/**
	 * Later than any other test's clock (QueueMetricsTest's included), at an odd minute.
	 */
	private static final Instant START = Instant.parse("2032-09-21T04:23:40Z");

	private static final Duration REFRESH = Duration.ofSeconds(5);

	@Autowired
	private Scheduler scheduler;

	@Autowired
	private SchedulerHealth schedulerHealth;

	@Autowired
	private JdbcClient jdbc;

	private Instant base = START;

	@Test
	void aSchedulerInStandbyMakesTheNodeUnreadyButAliveAndDueOutreachAgesUntilItRunsAgain() throws Exception {
		CLOCK.set(START);
		Api shop = enroll("UTC", "00:00", "00:00");
		String email = uniqueEmail("standby");
		shop.put("/api/v1/contacts/s-1", "{\"email\":\"%s\"}".formatted(email));
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"ST-1","contactRef":"s-1","amount":5,"currency":"EUR","occurredAt":"2032-09-21T04:23:00Z"}""");
		assertThat(outreachOf(shop, "s-1").get(0).get("dueAt").asString()).isEqualTo("2032-09-21T06:23:00Z");

		this.scheduler.standby();
		try {
			// A dispatch run that started before the standby finishes on its own.
			eventually().until(() -> this.scheduler.getCurrentlyExecutingJobs().isEmpty());
			Api anonymous = new Api(this.port, null);
			for (String path : List.of("/actuator/health/readiness", "/readyz", "/actuator/health")) {
				Api.Response unready = anonymous.get(path);
				assertThat(unready.status()).as(path).isEqualTo(503);
				assertThat(unready.json().get("components").get("scheduler").get("status").asString())
					.isEqualTo("DOWN");
			}
			assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
			assertThat(anonymous.get("/livez").status()).isEqualTo(200);
			assertThat(this.schedulerHealth.health().getDetails().get("problems").toString()).contains("standby");

			// Five minutes past due, nothing is sent and the backlog's age shows it.
			this.base = Instant.parse("2032-09-21T06:28:00Z");
			CLOCK.set(this.base);
			assertThat(freshScrape().value("gratitude_outreach_oldest_due_age_seconds")).isGreaterThanOrEqualTo(300);
			assertThat(TestMail.to(email)).isEmpty();
		}
		finally {
			this.scheduler.start();
		}

		eventually().until(() -> TestMail.to(email).size() == 1);
		assertThat(new Api(this.port, null).get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(this.schedulerHealth.health().getStatus()).isEqualTo(Status.UP);
		eventually().until(() -> freshScrape().value("gratitude_outreach_oldest_due_age_seconds") == 0);
	}

	@Test
	void aNodeWhoseClusterCheckInIsStaleIsDownUntilQuartzChecksInAgain() throws Exception {
		String name = this.scheduler.getSchedulerName();
		String instance = this.scheduler.getSchedulerInstanceId();
		// Ten minutes without a check-in: the other nodes would take this one for dead.
		// Should Quartz check in between the update and the look, age it again.
		Api anonymous = new Api(this.port, null);
		eventually().until(() -> {
			this.jdbc
				.sql("UPDATE QRTZ_SCHEDULER_STATE SET LAST_CHECKIN_TIME = ? WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")
				.params(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(), name, instance)
				.update();
			Health health = this.schedulerHealth.health();
			Api.Response readiness = anonymous.get("/actuator/health/readiness");
			return health.getStatus().equals(Status.DOWN)
					&& health.getDetails().get("problems").toString().contains("check-in") && readiness.status() == 503
					&& readiness.json().get("components").get("scheduler").get("status").asString().equals("DOWN");
		});

		// Quartz checks in every 10 s (clusterCheckinInterval).
		Awaitility.await()
			.atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.schedulerHealth.health().getStatus().equals(Status.UP));
		assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
	}

	private Prometheus freshScrape() {
		CLOCK.set(CLOCK.instant().equals(this.base) ? this.base.plus(REFRESH) : this.base);
		return Prometheus.scrape(this.port);
	}

}
