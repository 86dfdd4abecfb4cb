package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner's frequency cap (default 72 h): at most one message per contact per period;
 * of two that fall together the more important wins, and the other waits for the period
 * to end when its lateness allows, else it is skipped as {@code capped}. The forecast
 * shows the same decisions. London in May is UTC+1; the send window is 08:00-20:00.
 */
class FrequencyCapTest extends IntegrationTest {

	@Test
	void aThankYouAndABirthdayDueTogetherSendOnlyTheThankYou() {
		CLOCK.set("2027-05-10T06:00:00Z");
		Api shop = enroll("Europe/London", "08:00", "20:00");
		assertThat(admin().get("/api/v1/partners/" + this.partnerId).json().get("frequencyCapHours").asInt())
			.isEqualTo(72);
		// The thank-you an hour after a 08:00 sale: due 09:00, with the birthday
		// greeting.
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT1H\"}").status()).isEqualTo(200);
		String email = uniqueEmail("together");
		contact(shop, "both", email, "{\"kind\":\"BIRTHDAY\",\"month\":5,\"day\":10}");
		sale(shop, "S-1", "both", "2027-05-10T07:00:00Z");
		assertThat(dueTimes(shop, "both")).containsOnly(Map.entry("after-sale-thanks", "2027-05-10T08:00:00Z"),
				Map.entry("birthday", "2027-05-10T08:00:00Z"));

		// The forecast says it first.
		JsonNode day = shop.get("/api/v1/forecast?days=1").json().get("days").get(0);
		Map<String, String> forecast = day.get("items")
			.valueStream()
			.collect(Collectors.toMap(item -> item.get("program").asString(),
					item -> item.has("wouldSkip") ? item.get("wouldSkip").asString() : "sent"));
		assertThat(forecast).containsOnly(Map.entry("after-sale-thanks", "sent"), Map.entry("birthday", "capped"));

		// Claimed in one batch: whichever is looked at first, only the thank-you goes.
		CLOCK.set("2027-05-10T08:00:01Z");
		eventually().until(() -> statuses(shop, "both").values()
			.stream()
			.allMatch(s -> s.startsWith("SENT") || s.startsWith("SKIPPED")));
		assertThat(statuses(shop, "both")).containsOnly(Map.entry("after-sale-thanks", "SENT"),
				Map.entry("birthday", "SKIPPED capped"));
		List<MimeMessage> received = TestMail.to(email);
		assertThat(received).hasSize(1);
	}

	@Test
	void aMoreImportantMessageDueLaterHoldsBackALessImportantOneDueNow() {
		// The birthday is due at 09:00 local, the thank-you for a 09:30 sale at 11:30:
		// the
		// birthday yields, or the thank-you would be capped.
		CLOCK.set("2027-05-10T07:00:00Z");
		Api shop = enroll("Europe/London", "08:00", "20:00");
		String email = uniqueEmail("later");
		contact(shop, "later", email, "{\"kind\":\"BIRTHDAY\",\"month\":5,\"day\":10}");
		sale(shop, "S-2", "later", "2027-05-10T08:30:00Z");

		CLOCK.set("2027-05-10T08:00:01Z");
		eventually().until(() -> statuses(shop, "later").get("birthday").equals("SKIPPED capped"));
		assertThat(TestMail.to(email)).isEmpty();
		CLOCK.set("2027-05-10T10:30:01Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
		// Marked SENT right after the server's reply, a moment after the mail.
		eventually()
			.untilAsserted(() -> assertThat(statuses(shop, "later")).containsEntry("after-sale-thanks", "SENT"));
	}

	@Test
	void aMessageThatCanWaitGoesWhenThePeriodEnds() {
		CLOCK.set("2027-05-09T12:00:00Z");
		Api shop = enroll("Europe/London", "08:00", "20:00");
		// A custom-date program that may go up to five days late.
		assertThat(shop.post("/api/v1/programs", """
				{"key":"wedding","name":"Wedding day","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"birthday","sendAt":"09:00","maxLateness":"P5D"}""").status()).isEqualTo(201);
		String email = uniqueEmail("waits");
		contact(shop, "waits", email, """
				{"kind":"BIRTHDAY","month":5,"day":10},{"kind":"CUSTOM","label":"wedding","month":5,"day":11}""");

		CLOCK.set("2027-05-10T08:00:01Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
		CLOCK.set("2027-05-11T08:00:01Z");
		// Moved to the end of the period after the birthday went (at 08:00:01): May 13,
		// 09:00:01 local.
		eventually().until(() -> dueTimes(shop, "waits").get("wedding").equals("2027-05-13T08:00:01Z"));
		assertThat(statuses(shop, "waits")).containsEntry("wedding", "SCHEDULED");
		assertThat(TestMail.to(email)).hasSize(1);

		CLOCK.set("2027-05-13T08:00:00Z");
		sleepThroughDispatchRounds();
		assertThat(TestMail.to(email)).hasSize(1);
		CLOCK.set("2027-05-13T08:00:01Z");
		eventually().until(() -> TestMail.to(email).size() == 2);
		// Marked SENT right after the server's reply, a moment after the mail.
		eventually().untilAsserted(() -> assertThat(statuses(shop, "waits")).containsEntry("wedding", "SENT"));
		Map<String, JsonNode> rows = rows(shop, "waits");
		Instant first = Instant.parse(rows.get("birthday").get("sentAt").asString());
		Instant second = Instant.parse(rows.get("wedding").get("sentAt").asString());
		assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofHours(72));
	}

	@Test
	void twoSalesTheSameDayAreThankedOnce() {
		CLOCK.set("2027-05-10T09:00:00Z");
		Api shop = enroll("Europe/London", "08:00", "20:00");
		String email = uniqueEmail("twice");
		contact(shop, "twice", email, "");
		sale(shop, "S-3", "twice", "2027-05-10T09:00:00Z");
		sale(shop, "S-4", "twice", "2027-05-10T10:00:00Z");

		CLOCK.set("2027-05-10T11:00:01Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
		CLOCK.set("2027-05-10T12:00:01Z");
		eventually().until(() -> outreachOf(shop, "twice").stream()
			.anyMatch(row -> row.get("occasion").asString().equals("sale:S-4")
					&& row.get("status").asString().equals("SKIPPED")));
		List<JsonNode> rows = outreachOf(shop, "twice");
		assertThat(rows).extracting(row -> row.get("occasion").asString() + " " + status(row))
			.containsExactlyInAnyOrder("sale:S-3 SENT", "sale:S-4 SKIPPED capped");
		assertThat(TestMail.to(email)).hasSize(1);
	}

	@Test
	void aPartnerWithoutACapSendsBoth() {
		CLOCK.set("2027-05-10T06:00:00Z");
		Api shop = enroll("Europe/London", "08:00", "20:00");
		assertThat(admin().patch("/api/v1/partners/" + this.partnerId, "{\"frequencyCapHours\":0}").status())
			.isEqualTo(200);
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT1H\"}");
		String email = uniqueEmail("uncapped");
		contact(shop, "uncapped", email, "{\"kind\":\"BIRTHDAY\",\"month\":5,\"day\":10}");
		sale(shop, "S-5", "uncapped", "2027-05-10T07:00:00Z");

		CLOCK.set("2027-05-10T08:00:01Z");
		eventually().until(() -> TestMail.to(email).size() == 2);
		// Marked SENT right after the server's reply, a moment after the mail.
		eventually().untilAsserted(() -> assertThat(statuses(shop, "uncapped"))
			.containsOnly(Map.entry("after-sale-thanks", "SENT"), Map.entry("birthday", "SENT")));
	}

	/** Long enough for several dispatch rounds (every 100 ms in tests). */
	private static void sleepThroughDispatchRounds() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void contact(Api shop, String ref, String email, String dates) {
		Api.Response put = shop.put("/api/v1/contacts/" + ref, """
				{"email":"%s","firstName":"Ada","timeZone":"Europe/London","significantDates":[%s]}""".formatted(email,
				dates));
		assertThat(put.status()).as(put.raw().body()).isIn(200, 201);
	}

	private static void sale(Api shop, String ref, String contactRef, String at) {
		Api.Response sale = shop.post("/api/v1/sales", """
				{"externalRef":"%s","contactRef":"%s","amount":10,"currency":"GBP","occurredAt":"%s"}""".formatted(ref,
				contactRef, at));
		assertThat(sale.status()).as(sale.raw().body()).isEqualTo(201);
	}

	private static Map<String, JsonNode> rows(Api shop, String ref) {
		return outreachOf(shop, ref).stream()
			.collect(Collectors.toMap(row -> row.get("program").asString(), row -> row));
	}

	private static Map<String, String> dueTimes(Api shop, String ref) {
		return outreachOf(shop, ref).stream()
			.collect(Collectors.toMap(row -> row.get("program").asString(), row -> row.get("dueAt").asString()));
	}

	private static Map<String, String> statuses(Api shop, String ref) {
		return outreachOf(shop, ref).stream()
			.collect(Collectors.toMap(row -> row.get("program").asString(), FrequencyCapTest::status));
	}

	private static String status(JsonNode row) {
		JsonNode reason = row.get("reason");
		return row.get("status").asString() + ((reason != null && !reason.isNull()) ? " " + reason.asString() : "");
	}

}
