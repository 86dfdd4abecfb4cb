package io.gratitude.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appreciation campaigns end to end: a segment gets one message each, at a local time in
 * each contact's zone or spread over days in the send window; pause holds what is not
 * sent, resume sends it, cancel stops it; nothing is sent twice or lost.
 */
class CampaignTest extends IntegrationTest {

	@Autowired
	private CampaignControl control;

	@Autowired
	private Campaigns campaigns;

	@Test
	void aResumeThatComesBetweenTheRecoveryJobsReadAndItsHoldIsNotUndone() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api shop = shopWithTemplate("UTC");
		String tag = tag();
		contacts(shop, tag, 10, i -> "");
		assertThat(create(shop, "race", "{}", "{\"start\":\"2027-05-10\",\"spreadDays\":2}").status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/campaigns/race/start", "").status()).isEqualTo(200);
		assertThat(shop.post("/api/v1/campaigns/race/pause", "").status()).isEqualTo(200);
		assertThat(progress(shop, "race").get("held").asLong()).isEqualTo(10);

		// The recovery job reads the paused campaigns; the campaign is resumed; then the
		// job holds what waits.
		List<Long> readAsPaused = this.campaigns.pausedPrograms();
		assertThat(shop.post("/api/v1/campaigns/race/resume", "").status()).isEqualTo(200);
		this.control.holdStragglers(readAsPaused);

		JsonNode progress = progress(shop, "race");
		assertThat(progress.get("held").asLong()).as("held again after the resume").isZero();
		assertThat(progress.get("planned").asLong()).isEqualTo(10);
	}

	private Api shopWithTemplate(String zone) {
		Api shop = enroll(zone, "09:00", "18:00");
		assertThat(admin().patch("/api/v1/partners/" + this.partnerId, "{\"maxPerMinute\":100000}").status())
			.isEqualTo(200);
		assertThat(shop.put("/api/v1/templates/appreciation", """
				{"subject":"Thank you, ${contact.firstName!\\"friend\\"}","html":"<p>Thanks for being with us.</p>",
				 "text":"Thanks for being with us."}""").status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/appreciation/publish", "{}").status()).isBetween(200, 201);
		return shop;
	}

	private static void contacts(Api shop, String tag, int count, Function<Integer, String> extra) {
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < count; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"externalRef\":\"c%05d\",\"email\":\"c%05d.%s@campaign.example\"%s}".formatted(i, i, tag,
						extra.apply(i)));
		}
		Api.Response response = shop.post("/api/v1/contacts:batch", batch.append("]").toString());
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.json().get("created").asInt()).isEqualTo(count);
	}

	private static Api.Response create(Api shop, String key, String segment, String schedule) {
		return shop.post("/api/v1/campaigns", """
				{"key":"%s","name":"Customer Appreciation Month","template":"appreciation",
				 "segment":%s,"schedule":%s}""".formatted(key, segment, schedule));
	}

	private static JsonNode progress(Api shop, String key) {
		Api.Response response = shop.get("/api/v1/campaigns/" + key);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.json().get("progress");
	}

	/** SMTP messages per recipient of this test's contacts. */
	private static Map<String, Long> received(String tag) {
		return Arrays.stream(TestMail.server().getReceivedMessages()).flatMap(m -> {
			try {
				return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString);
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).filter(to -> to.contains("." + tag + "@")).collect(Collectors.groupingBy(to -> to, Collectors.counting()));
	}

	private static String tag() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void aFiveThousandContactCampaignPausedAtHalfAndResumedSendsEachContactExactlyOnce() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api shop = shopWithTemplate("UTC");
		// No frequency cap: each contact gets one message anyway, and each send then
		// skips the cap's queries (this test is about pause and resume).
		assertThat(admin().patch("/api/v1/partners/" + this.partnerId, "{\"frequencyCapHours\":0}").status())
			.isEqualTo(200);
		String tag = tag();
		contacts(shop, tag, 5000, i -> "");
		Api.Response created = create(shop, "appreciation", "{\"optedIn\":true}",
				"{\"start\":\"2027-05-03\",\"spreadDays\":2}");
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		assertThat(created.json().get("state").asString()).isEqualTo("DRAFT");
		assertThat(created.json().get("segmentSize").asLong()).isEqualTo(5000);

		long before = System.nanoTime();
		Api.Response started = shop.post("/api/v1/campaigns/appreciation/start", "");
		assertThat(started.status()).as(started.raw().body()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(30));
		assertThat(started.json().get("state").asString()).isEqualTo("RUNNING");
		assertThat(started.json().get("progress").get("planned").asLong()).isEqualTo(5000);

		// The first day's half falls due by its end; the dispatcher sends it.
		CLOCK.set("2027-05-03T17:59:59Z");
		Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> progress(shop, "appreciation").get("sent").asLong() == 2500);
		Api.Response paused = shop.post("/api/v1/campaigns/appreciation/pause", "");
		assertThat(paused.status()).as(paused.raw().body()).isEqualTo(200);
		assertThat(paused.json().get("state").asString()).isEqualTo("PAUSED");
		JsonNode held = paused.json().get("progress");
		assertThat(held.get("sent").asLong() + held.get("held").asLong() + held.get("planned").asLong())
			.isEqualTo(5000);
		assertThat(held.get("held").asLong()).isEqualTo(2500);

		// The second day passes: nothing more goes while paused, and nothing is lost.
		CLOCK.set("2027-05-04T17:59:00Z");
		Awaitility.await()
			.during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> progress(shop, "appreciation").get("sent").asLong() == 2500);
		assertThat(received(tag)).hasSize(2500);
		assertThat(shop.get("/api/v1/outreach?status=HELD&size=1").json().get("total").asLong()).isEqualTo(2500);

		// Resumed a day later: the held half slides by the pause and goes.
		Api.Response resumed = shop.post("/api/v1/campaigns/appreciation/resume", "");
		assertThat(resumed.status()).as(resumed.raw().body()).isEqualTo(200);
		assertThat(resumed.json().get("progress").get("held").asLong()).isZero();
		CLOCK.set("2027-05-05T17:59:59Z");
		Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> progress(shop, "appreciation").get("sent").asLong() == 5000);
		JsonNode done = progress(shop, "appreciation");
		assertThat(done.get("total").asLong()).isEqualTo(5000);
		assertThat(done.get("failed").asLong() + done.get("skipped").asLong() + done.get("cancelled").asLong())
			.isZero();
		Map<String, Long> perRecipient = received(tag);
		assertThat(perRecipient).hasSize(5000);
		assertThat(perRecipient.values()).containsOnly(1L);
		assertThat(shop.get("/api/v1/outreach?program=campaign-appreciation&size=1").json().get("total").asLong())
			.isEqualTo(5000);
	}

	@Test
	void anInterruptedStartRepeatedAddsOnlyTheMissingRowsAndASecondStartIsRefused() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api shop = shopWithTemplate("UTC");
		contacts(shop, tag(), 25, i -> "");
		assertThat(create(shop, "twice", "{}", "{\"localDate\":\"2027-05-20\",\"localTime\":\"10:00\"}").status())
			.isEqualTo(201);

		this.control.start(this.partnerId, "twice", 10, 1);
		JsonNode halfway = shop.get("/api/v1/campaigns/twice").json();
		assertThat(halfway.get("state").asString()).isEqualTo("STARTING");
		assertThat(halfway.get("progress").get("total").asLong()).isEqualTo(10);
		assertThat(shop.post("/api/v1/campaigns/twice/pause", "").status()).isEqualTo(409);

		Api.Response again = shop.post("/api/v1/campaigns/twice/start", "");
		assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
		assertThat(again.json().get("state").asString()).isEqualTo("RUNNING");
		assertThat(again.json().get("progress").get("total").asLong()).isEqualTo(25);
		assertThat(shop.post("/api/v1/campaigns/twice/start", "").status()).isEqualTo(409);
		assertThat(progress(shop, "twice").get("total").asLong()).isEqualTo(25);
		assertThat(shop.get("/api/v1/outreach?program=campaign-twice&size=1").json().get("total").asLong())
			.isEqualTo(25);
	}

	@Test
	void eachSegmentFilterNarrowsAndOptedOutOrSuppressedContactsAreNeverIn() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api shop = shopWithTemplate("UTC");
		shop.put("/api/v1/contacts/a", "{\"email\":\"a@seg.example\"}");
		shop.put("/api/v1/contacts/b",
				"{\"email\":\"b@seg.example\",\"relationship\":\"CLIENT\",\"clientSince\":\"2020-01-01\"}");
		shop.put("/api/v1/contacts/c", "{\"email\":\"c@seg.example\"}");
		shop.put("/api/v1/contacts/d", "{\"email\":\"d@seg.example\"}");
		shop.put("/api/v1/contacts/e", "{\"email\":\"e@seg.example\"}");
		shop.put("/api/v1/contacts/f", "{\"email\":\"f@seg.example\"}");
		assertThat(shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-C","contactRef":"c","amount":200,"currency":"EUR","occurredAt":"2026-01-10T12:00:00Z"}""")
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-D","contactRef":"d","amount":50,"currency":"EUR","occurredAt":"2027-04-01T12:00:00Z"}""")
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/contacts/e/opt-out", "").status()).isBetween(200, 204);
		assertThat(shop.post("/api/v1/suppressions", "{\"email\":\"f@seg.example\",\"reason\":\"complaint\"}").status())
			.isBetween(200, 201);

		Map<String, Long> sizes = Map.of("everyone", 4L, "client", 1L, "tenure", 2L, "spend", 1L, "dollars", 0L,
				"lapsed", 1L, "recent", 1L);
		Map<String, String> segments = Map.of("everyone", "{\"optedIn\":true}", "client",
				"{\"relationship\":\"CLIENT\"}", "tenure", "{\"minTenureMonths\":12}", "spend",
				"{\"minLifetimeSpend\":100,\"currency\":\"EUR\"}", "dollars",
				"{\"minLifetimeSpend\":100,\"currency\":\"USD\"}", "lapsed", "{\"lastPurchaseBefore\":\"2027-01-01\"}",
				"recent", "{\"lastPurchaseAfter\":\"2027-01-01\"}");
		segments.forEach((key, segment) -> {
			Api.Response created = create(shop, key, segment, "{\"localDate\":\"2027-05-20\",\"localTime\":\"10:00\"}");
			assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
			assertThat(created.json().get("segmentSize").asLong()).as(key).isEqualTo(sizes.get(key));
		});
		shop.post("/api/v1/campaigns/tenure/start", "");
		assertThat(shop.get("/api/v1/outreach?program=campaign-tenure")
			.json()
			.get("items")
			.valueStream()
			.map(o -> o.get("contactRef").asString())).containsExactlyInAnyOrder("b", "c");

		assertThat(create(shop, "bad", "{\"optedIn\":false}", "{\"localDate\":\"2027-05-20\",\"localTime\":\"10:00\"}")
			.json()
			.get("field")
			.asString()).isEqualTo("segment.optedIn");
		assertThat(create(shop, "bad", "{\"minLifetimeSpend\":10}",
				"{\"localDate\":\"2027-05-20\",\"localTime\":\"10:00\"}")
			.json()
			.get("field")
			.asString()).isEqualTo("segment.currency");
		assertThat(create(shop, "bad", "{}", "{\"localDate\":\"2027-05-20\",\"start\":\"2027-05-20\"}").json()
			.get("field")
			.asString()).isEqualTo("schedule");
		assertThat(create(shop, "everyone", "{}", "{\"start\":\"2027-05-20\",\"spreadDays\":2}").status())
			.isEqualTo(409);
	}

	@Test
	void aLocalTimeIsThatTimeInEachContactsZoneAndASpreadStaysInTheSendWindow() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api shop = shopWithTemplate("Europe/Paris");
		contacts(shop, tag(), 10,
				i -> (i % 2 == 0) ? ",\"timeZone\":\"Asia/Tokyo\"" : ",\"timeZone\":\"America/New_York\"");
		create(shop, "local", "{}", "{\"localDate\":\"2027-05-20\",\"localTime\":\"10:00\"}");
		create(shop, "spread", "{}", "{\"start\":\"2027-05-20\",\"spreadDays\":3}");
		shop.post("/api/v1/campaigns/local/start", "");
		shop.post("/api/v1/campaigns/spread/start", "");

		assertThat(outreachOf(shop, "c00000")).filteredOn(o -> o.get("program").asString().equals("campaign-local"))
			.extracting(o -> o.get("dueAt").asString())
			.containsExactly("2027-05-20T01:00:00Z");
		assertThat(outreachOf(shop, "c00001")).filteredOn(o -> o.get("program").asString().equals("campaign-local"))
			.extracting(o -> o.get("dueAt").asString())
			.containsExactly("2027-05-20T14:00:00Z");

		List<JsonNode> spread = shop.get("/api/v1/outreach?program=campaign-spread")
			.json()
			.get("items")
			.valueStream()
			.toList();
		assertThat(spread).hasSize(10);
		for (JsonNode o : spread) {
			ZoneId zone = ZoneId.of(Integer.parseInt(o.get("contactRef").asString().substring(1)) % 2 == 0
					? "Asia/Tokyo" : "America/New_York");
			ZonedDateTime local = Instant.parse(o.get("dueAt").asString()).atZone(zone);
			assertThat(local.toLocalTime()).as(o.toString()).isBetween(LocalTime.of(9, 0), LocalTime.of(17, 59, 59));
			assertThat(local.toLocalDate()).as(o.toString())
				.isBetween(LocalDate.of(2027, 5, 20), LocalDate.of(2027, 5, 22));
		}
		assertThat(spread.stream()
			.map(o -> Instant.parse(o.get("dueAt").asString()).atZone(ZoneId.of("UTC")).toLocalDate())
			.distinct()
			.count()).isGreaterThan(1);
	}

	@Test
	void cancelledMidWayNothingMoreIsSentAndWhatWasSentStays() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api shop = shopWithTemplate("UTC");
		String tag = tag();
		contacts(shop, tag, 20, i -> "");
		create(shop, "stop", "{}", "{\"start\":\"2027-05-03\",\"spreadDays\":2}");
		shop.post("/api/v1/campaigns/stop/start", "");
		CLOCK.set("2027-05-03T17:59:59Z");
		eventually().until(() -> progress(shop, "stop").get("sent").asLong() == 10);
		Api.Response cancelled = shop.post("/api/v1/campaigns/stop/cancel", "");
		assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(200);
		assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
		CLOCK.set("2027-05-05T12:00:00Z");
		Awaitility.await()
			.during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(4))
			.until(() -> progress(shop, "stop").get("sent").asLong() == 10);
		JsonNode p = progress(shop, "stop");
		assertThat(p.get("cancelled").asLong()).isEqualTo(10);
		assertThat(p.get("total").asLong()).isEqualTo(20);
		assertThat(received(tag)).hasSize(10);
		assertThat(shop.get("/api/v1/outreach?program=campaign-stop&status=CANCELLED")
			.json()
			.get("items")
			.get(0)
			.get("reason")
			.asString()).isEqualTo("campaign_cancelled");
		assertThat(shop.post("/api/v1/campaigns/stop/resume", "").status()).isEqualTo(409);
	}

	@Test
	void aCampaignMessageTheFrequencyCapHoldsPastItsLatenessIsSkippedAsCapped() {
		CLOCK.set("2027-05-03T09:00:00Z");
		Api shop = shopWithTemplate("UTC");
		assertThat(admin().patch("/api/v1/partners/" + this.partnerId, "{\"frequencyCapHours\":168}").status())
			.isEqualTo(200);
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		String email = uniqueEmail("capped");
		shop.put("/api/v1/contacts/capped", "{\"email\":\"" + email + "\"}");
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-1","contactRef":"capped","amount":20,"currency":"EUR","occurredAt":"2027-05-03T08:59:00Z"}""");
		eventually()
			.until(() -> outreachOf(shop, "capped").stream().anyMatch(o -> o.get("status").asString().equals("SENT")));

		create(shop, "capped", "{}", "{\"localDate\":\"2027-05-03\",\"localTime\":\"10:00\"}");
		shop.post("/api/v1/campaigns/capped/start", "");
		CLOCK.set("2027-05-03T10:00:01Z");
		eventually().until(() -> progress(shop, "capped").get("skipped").asLong() == 1);
		assertThat(outreachOf(shop, "capped")).filteredOn(o -> o.get("program").asString().equals("campaign-capped"))
			.extracting(o -> o.get("status").asString() + " " + o.get("reason").asString())
			.containsExactly("SKIPPED capped");
		assertThat(TestMail.to(email)).hasSize(1);
	}

	@Test
	void anotherPartnerCannotSeeOrTouchACampaign() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api a = shopWithTemplate("UTC");
		contacts(a, tag(), 3, i -> "");
		create(a, "secret-month", "{}", "{\"localDate\":\"2027-05-20\",\"localTime\":\"10:00\"}");
		Api b = shopWithTemplate("UTC");
		assertThat(b.get("/api/v1/campaigns/secret-month").status()).isEqualTo(404);
		for (String action : List.of("start", "pause", "resume", "cancel")) {
			assertThat(b.post("/api/v1/campaigns/secret-month/" + action, "").status()).as(action).isEqualTo(404);
		}
		assertThat(b.get("/api/v1/campaigns").raw().body()).doesNotContain("secret-month");
		assertThat(a.get("/api/v1/campaigns").raw().body()).contains("secret-month");
		assertThat(a.get("/api/v1/campaigns/secret-month").json().get("state").asString()).isEqualTo("DRAFT");
	}

}
