package io.gratitude.planning;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Dated occasions end to end: each contact's own zone, Feb 29, DST, lateness. */
class DatedOccasionsTest extends IntegrationTest {

	@Autowired
	Planner planner;

	@Test
	void birthdaysOnTheSameDateGoOutAtEachContactsOwnMorning() throws Exception {
		CLOCK.set("2027-03-13T12:00:00Z");
		Api shop = enroll("Europe/London", "09:00", "18:00");
		String kiri = uniqueEmail("kiri");
		String pago = uniqueEmail("pago");
		shop.put("/api/v1/contacts/kiri", """
				{"email":"%s","firstName":"Teuea","timeZone":"Pacific/Kiritimati",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":14}]}""".formatted(kiri));
		shop.put("/api/v1/contacts/pago", """
				{"email":"%s","firstName":"Sina","timeZone":"Pacific/Pago_Pago",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":14}]}""".formatted(pago));

		// 09:00 on March 14 in UTC+14 and in UTC-11: 25 hours apart, neither at the
		// server's 09:00.
		assertThat(dueAt(shop, "kiri")).isEqualTo("2027-03-13T19:00:00Z");
		assertThat(dueAt(shop, "pago")).isEqualTo("2027-03-14T20:00:00Z");

		CLOCK.set("2027-03-13T18:59:00Z");
		assertThat(TestMail.to(kiri)).isEmpty();
		CLOCK.set("2027-03-13T19:00:05Z");
		eventually().until(() -> TestMail.to(kiri).size() == 1);
		assertThat(TestMail.to(kiri).get(0).getSubject()).contains("Teuea");
		assertThat(TestMail.to(pago)).isEmpty();
		assertThat(status(shop, "pago")).isEqualTo("SCHEDULED");

		CLOCK.set("2027-03-14T20:00:05Z");
		eventually().until(() -> TestMail.to(pago).size() == 1);
		assertThat(TestMail.to(kiri)).hasSize(1);
		assertThat(occasion(shop, "kiri")).isEqualTo("birthday@2027-03-14");
	}

	@Test
	void aFebruary29BirthdayIsCelebratedOnFebruary28InANonLeapYear() {
		CLOCK.set("2027-02-27T12:00:00Z");
		Api shop = enroll("America/New_York", "09:00", "18:00");
		String leap = uniqueEmail("leap");
		shop.put("/api/v1/contacts/leap", """
				{"email":"%s","firstName":"Leo","timeZone":"America/New_York",
				 "significantDates":[{"kind":"BIRTHDAY","month":2,"day":29,"year":2000}]}""".formatted(leap));

		assertThat(occasion(shop, "leap")).isEqualTo("birthday@2027-02-28");
		assertThat(dueAt(shop, "leap")).isEqualTo("2027-02-28T14:00:00Z");
		CLOCK.set("2027-02-28T14:00:01Z");
		eventually().until(() -> TestMail.to(leap).size() == 1);
	}

	@Test
	void aSendTimeInADaylightSavingGapMovesForwardByTheGap() {
		// Europe/Berlin skips 02:00-03:00 on 2027-03-28; a 02:30 send time becomes 03:30
		// CEST.
		CLOCK.set("2027-03-27T12:00:00Z");
		Api shop = enroll("Europe/Berlin", "00:00", "00:00");
		assertThat(shop.patch("/api/v1/programs/birthday", "{\"sendAt\":\"02:30\"}").status()).isEqualTo(200);
		String gap = uniqueEmail("gap");
		shop.put("/api/v1/contacts/gap", """
				{"email":"%s","firstName":"Greta","timeZone":"Europe/Berlin",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":28}]}""".formatted(gap));

		assertThat(dueAt(shop, "gap")).isEqualTo("2027-03-28T01:30:00Z");
		CLOCK.set("2027-03-28T01:30:01Z");
		eventually().until(() -> TestMail.to(gap).size() == 1);
	}

	@Test
	void anOccasionPastItsMaxLatenessIsSkippedAsTooLateNeverSent() {
		CLOCK.set("2027-05-01T12:00:00Z");
		Api shop = enroll("Europe/Madrid", "09:00", "18:00");
		String late = uniqueEmail("late");
		shop.put("/api/v1/contacts/late", """
				{"email":"%s","firstName":"Lola","timeZone":"Europe/Madrid",
				 "significantDates":[{"kind":"BIRTHDAY","month":5,"day":2}]}""".formatted(late));
		assertThat(status(shop, "late")).isEqualTo("SCHEDULED");

		// The service was down from before the birthday until two days after it.
		CLOCK.set("2027-05-04T12:00:00Z");
		eventually().until(() -> "SKIPPED".equals(status(shop, "late")));
		JsonNode skipped = outreachOf(shop, "late").get(0);
		assertThat(skipped.get("reason").asString()).isEqualTo("too_late");
		assertThat(skipped.get("attempts")).isEmpty();
		assertThat(TestMail.to(late)).isEmpty();
	}

	@Test
	void aClientAnniversaryTellsHowManyYears() throws Exception {
		CLOCK.set("2027-06-01T08:00:00Z");
		Api shop = enroll("Europe/Rome", "09:00", "18:00");
		String client = uniqueEmail("client");
		shop.put("/api/v1/contacts/cl", """
				{"email":"%s","firstName":"Giulia","relationship":"CLIENT","timeZone":"Europe/Rome",
				 "clientSince":"2019-06-01"}""".formatted(client));
		assertThat(occasion(shop, "cl")).isEqualTo("client-anniversary@2027-06-01");
		CLOCK.set("2027-06-01T08:00:01Z"); // 10:00 in Rome
		eventually().until(() -> TestMail.to(client).size() == 1);
		assertThat(TestMail.to(client).get(0).getSubject()).contains("8 years");
	}

	@Test
	void afterDowntimeThePlanJobRecordsMissedOccasionsAsTooLateInsteadOfFloodingThem() {
		CLOCK.set("2027-08-01T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String missed = uniqueEmail("missed");
		shop.put("/api/v1/contacts/m", """
				{"email":"%s","significantDates":[{"kind":"BIRTHDAY","month":8,"day":6}]}""".formatted(missed));
		this.planner.planOccasions();
		// Five days ahead: beyond the 96 h planned ahead with the default 72 h frequency
		// cap.
		assertThat(outreachOf(shop, "m")).isEmpty();

		// Down from Aug 1 to Aug 9: the birthday on Aug 6 passed unseen.
		CLOCK.set("2027-08-09T12:00:00Z");
		this.planner.planOccasions();
		JsonNode row = only(shop, "m");
		assertThat(row.get("occasion").asString()).isEqualTo("birthday@2027-08-06");
		assertThat(row.get("status").asString()).isEqualTo("SKIPPED");
		assertThat(row.get("reason").asString()).isEqualTo("too_late");
		assertThat(TestMail.to(missed)).isEmpty();
	}

	private static JsonNode only(Api shop, String ref) {
		List<JsonNode> items = outreachOf(shop, ref);
		assertThat(items).hasSize(1);
		return items.get(0);
	}

	private static String dueAt(Api shop, String ref) {
		return only(shop, ref).get("dueAt").asString();
	}

	private static String status(Api shop, String ref) {
		return only(shop, ref).get("status").asString();
	}

	private static String occasion(Api shop, String ref) {
		return only(shop, ref).get("occasion").asString();
	}

}
