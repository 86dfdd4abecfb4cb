package io.gratitude.sendlog;

import java.time.Duration;
import java.time.Instant;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.Prometheus;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue and delivery metrics as Prometheus scrapes them: the depth by status follows
 * what is planned and sent, the counters and histograms grow with each send.
 */
public class QueueMetricsTest extends IntegrationTest {

	/**
	 * Later than any other test's clock and at an odd minute, so that nothing of theirs
	 * falls due while this test moves between START and START + the refresh period.
	 */
	private static final Instant START = Instant.parse("2031-05-14T03:17:20Z");

	/** gratitude.metrics.queue-refresh's default. */
	private static final Duration REFRESH = Duration.ofSeconds(5);

	private Instant base = START;

	@Test
	void scheduledDepthGrowsWithEachPlannedThankYouAndTheSentCounterAndHistogramsWithEachSend() {
		CLOCK.set(START);
		Api shop = enroll("UTC", "00:00", "00:00");
		// What other tests left due at START is handled first.
		eventually().until(() -> {
			Prometheus scrape = freshScrape();
			return scrape.value("gratitude_outreach_oldest_due_age_seconds") == 0
					&& scrape.value("gratitude_outreach_queue_depth", "status", "SENDING") == 0;
		});
		Prometheus before = freshScrape();

		for (String ref : new String[] { "m-1", "m-2" }) {
			String email = uniqueEmail(ref);
			assertThat(shop.put("/api/v1/contacts/" + ref, "{\"email\":\"%s\"}".formatted(email)).status())
				.isEqualTo(201);
			assertThat(shop
				.post("/api/v1/sales",
						"""
								{"externalRef":"%s","contactRef":"%s","amount":12,"currency":"EUR","occurredAt":"2031-05-14T03:16:00Z"}"""
							.formatted("S-" + ref, ref))
				.status()).isEqualTo(201);
			assertThat(outreachOf(shop, ref).get(0).get("status").asString()).isEqualTo("SCHEDULED");
		}
		Prometheus planned = freshScrape();
		// Nothing falls due in this period, so nothing leaves SCHEDULED; the plan job may
		// only add.
		assertThat(planned.value("gratitude_outreach_queue_depth", "status", "SCHEDULED"))
			.isGreaterThanOrEqualTo(before.value("gratitude_outreach_queue_depth", "status", "SCHEDULED") + 2);

		// Two hours later the thank-yous are due and go out.
		this.base = START.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(1));
		CLOCK.set(this.base);
		eventually().until(() -> outreachOf(shop, "m-1").get(0).get("status").asString().equals("SENT")
				&& outreachOf(shop, "m-2").get(0).get("status").asString().equals("SENT"));

		Prometheus sent = freshScrape();
		assertThat(sent.sum("gratitude_outreach_sent_total", "program", "after-sale-thanks", "reason", "none"))
			.isGreaterThanOrEqualTo(
					before.sum("gratitude_outreach_sent_total", "program", "after-sale-thanks", "reason", "none") + 2);
		assertThat(sent.sum("gratitude_smtp_latency_seconds_count"))
			.isGreaterThanOrEqualTo(before.sum("gratitude_smtp_latency_seconds_count") + 2);
		assertThat(sent.samples("gratitude_smtp_latency_seconds_bucket")).hasSizeGreaterThan(10);
		// Due 2 h after the sale, sent a minute later: in the 5-minute bucket, not the
		// 1-minute one.
		assertThat(sent.sum("gratitude_outreach_delay_seconds_bucket", "le", "300.0")
				- sent.sum("gratitude_outreach_delay_seconds_bucket", "le", "60.0"))
			.isGreaterThanOrEqualTo(before.sum("gratitude_outreach_delay_seconds_bucket", "le", "300.0")
					- before.sum("gratitude_outreach_delay_seconds_bucket", "le", "60.0") + 2);
		assertThat(TestMail.server().getReceivedMessages()).isNotEmpty();
		eventually().until(() -> freshScrape().value("gratitude_outreach_oldest_due_age_seconds") == 0);
	}

	/**
	 * The gauges reuse a reading for the refresh period of clock time: moving the clock
	 * across that period, forth or back, takes a new one without letting time run on.
	 */
	private Prometheus freshScrape() {
		CLOCK.set(CLOCK.instant().equals(this.base) ? this.base.plus(REFRESH) : this.base);
		return Prometheus.scrape(this.port);
	}

}
