package io.gratitude.partner;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner's optional "no weekends": Saturday and Sunday in the recipient's own zone are
 * outside the send window, for due times and for sending alike. 2027-03-13 is a Saturday.
 */
class WeekendWindowTest extends IntegrationTest {

	@Test
	void aSaleOnASaturdayIsThankedOnMondayMorningNotOnSunday() {
		CLOCK.set("2027-03-13T15:00:00Z"); // Saturday 15:00 in London
		Api shop = enroll("Europe/London", "09:00", "18:00");
		Api.Response patched = admin().patch("/api/v1/partners/" + this.partnerId, "{\"skipWeekends\":true}");
		assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
		assertThat(patched.json().get("skipWeekends").asBoolean()).isTrue();
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("saturday");
		shop.put("/api/v1/contacts/s-1", "{\"email\":\"%s\",\"firstName\":\"Ada\"}".formatted(email));
		assertThat(shop.post("/api/v1/sales",
				"""
						{"externalRef":"SAT-1","contactRef":"s-1","amount":10,"currency":"GBP","occurredAt":"2027-03-13T14:59:00Z"}""")
			.status()).isEqualTo(201);

		List<JsonNode> planned = outreachOf(shop, "s-1");
		assertThat(planned).hasSize(1);
		assertThat(planned.get(0).get("dueAt").asString()).isEqualTo("2027-03-15T09:00:00Z");
		assertThat(planned.get(0).get("expiresAt").asString()).isEqualTo("2027-03-16T09:00:00Z");
		assertThat(planned.get(0).get("status").asString()).isEqualTo("SCHEDULED");

		CLOCK.set("2027-03-14T12:00:00Z"); // Sunday noon, inside the daily hours
		sleepThroughDispatchRounds();
		assertThat(TestMail.to(email)).isEmpty();
		assertThat(outreachOf(shop, "s-1").get(0).get("status").asString()).isEqualTo("SCHEDULED");

		CLOCK.set("2027-03-15T09:00:01Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
		// Marked SENT right after the server's reply, a moment after the mail.
		eventually().until(() -> outreachOf(shop, "s-1").get(0).get("status").asString().equals("SENT"));
	}

	@Test
	void aBirthdayOnASundayIsGreetedOnMondayMorningWithinItsLateness() {
		CLOCK.set("2027-03-13T12:00:00Z");
		Api.Response created = admin().post("/api/v1/partners", """
				{"name":"Weekdays only","senderEmail":"thanks@shop.example","senderName":"Rosa at the Shop",
				 "timeZone":"Europe/London","sendWindow":{"start":"09:00","end":"18:00"},"skipWeekends":true}""");
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		assertThat(created.json().get("skipWeekends").asBoolean()).isTrue();
		Api shop = new Api(this.port, created.json().get("apiKey").asString());
		String email = uniqueEmail("sunday");
		shop.put("/api/v1/contacts/b-1", """
				{"email":"%s","firstName":"Grace","timeZone":"Europe/London",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":14}]}""".formatted(email));

		// Sunday 09:00 moves to Monday 09:00; the 24 h lateness counts from there.
		JsonNode row = outreachOf(shop, "b-1").get(0);
		assertThat(row.get("occasion").asString()).isEqualTo("birthday@2027-03-14");
		assertThat(row.get("dueAt").asString()).isEqualTo("2027-03-15T09:00:00Z");
		assertThat(row.get("expiresAt").asString()).isEqualTo("2027-03-16T09:00:00Z");

		CLOCK.set("2027-03-14T09:00:05Z");
		sleepThroughDispatchRounds();
		assertThat(TestMail.to(email)).isEmpty();

		CLOCK.set("2027-03-15T09:00:05Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
	}

	@Test
	void skipWeekendsIsOptionalKeptByOtherChangesAndValidated() {
		enroll("UTC", "09:00", "18:00");
		String partner = "/api/v1/partners/" + this.partnerId;
		assertThat(admin().get(partner).json().get("skipWeekends").asBoolean()).isFalse();

		assertThat(admin().patch(partner, "{\"skipWeekends\":true}").status()).isEqualTo(200);
		Api.Response hours = admin().patch(partner, "{\"sendWindow\":{\"start\":\"08:00\",\"end\":\"17:00\"}}");
		assertThat(hours.status()).isEqualTo(200);
		assertThat(hours.json().get("sendWindow").get("start").asString()).isEqualTo("08:00");
		assertThat(hours.json().get("skipWeekends").asBoolean()).isTrue();

		Api.Response bad = admin().patch(partner, "{\"skipWeekends\":\"yes\",\"name\":\"Renamed\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("field").asString()).isEqualTo("skipWeekends");
		JsonNode unchanged = admin().get(partner).json();
		assertThat(unchanged.get("skipWeekends").asBoolean()).isTrue();
		assertThat(unchanged.get("name").asString()).isNotEqualTo("Renamed");

		Api.Response badEnrollment = admin().post("/api/v1/partners", """
				{"name":"Bad","senderEmail":"thanks@shop.example","senderName":"Rosa",
				 "timeZone":"UTC","skipWeekends":"yes"}""");
		assertThat(badEnrollment.status()).isEqualTo(400);
		assertThat(badEnrollment.json().get("field").asString()).isEqualTo("skipWeekends");

		assertThat(admin().patch(partner, "{\"skipWeekends\":false}").json().get("skipWeekends").asBoolean()).isFalse();
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

}
