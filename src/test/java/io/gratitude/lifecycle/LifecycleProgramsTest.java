package io.gratitude.lifecycle;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.planning.Planner;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default relationship programs: welcome on promotion, check-ins, and changed dates.
 */
class LifecycleProgramsTest extends IntegrationTest {

	@Autowired
	Planner planner;

	@Test
	void aCustomerWhoBecomesAClientIsWelcomedOnce() throws Exception {
		CLOCK.set("2027-09-01T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.patch("/api/v1/programs/client-welcome", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("promoted");
		shop.put("/api/v1/contacts/p", "{\"email\":\"%s\",\"firstName\":\"Pia\"}".formatted(email));
		shop.put("/api/v1/contacts/p",
				"{\"email\":\"%s\",\"firstName\":\"Pia\",\"relationship\":\"CLIENT\"}".formatted(email));
		// Saying it again is not a second promotion.
		shop.put("/api/v1/contacts/p",
				"{\"email\":\"%s\",\"firstName\":\"Pia\",\"relationship\":\"CLIENT\"}".formatted(email));

		eventually().until(() -> TestMail.to(email).size() == 1);
		List<JsonNode> outreach = outreachOf(shop, "p");
		assertThat(outreach).extracting(o -> o.get("occasion").asString()).containsExactly("welcome@2027-09-01");
		assertThat(TestMail.to(email).get(0).getSubject()).contains("Pia");
		assertThat(shop.get("/api/v1/contacts/p").json().get("clientSince").asString()).isEqualTo("2027-09-01");
	}

	@Test
	void aClientIsCheckedInOnEveryPeriodSinceBecomingAClient() {
		CLOCK.set("2027-03-30T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("checkin");
		shop.put("/api/v1/contacts/ci", """
				{"email":"%s","firstName":"Carl","relationship":"CLIENT","timeZone":"UTC","clientSince":"2027-01-01"}"""
			.formatted(email));
		// 90 days after 2027-01-01 is 2027-04-01, at the program's 10:00.
		this.planner.planOccasions();
		List<JsonNode> outreach = outreachOf(shop, "ci");
		assertThat(outreach).extracting(o -> o.get("occasion").asString()).containsExactly("check-in@2027-04-01");
		assertThat(outreach.get(0).get("dueAt").asString()).isEqualTo("2027-04-01T10:00:00Z");
		this.planner.planOccasions();
		assertThat(outreachOf(shop, "ci")).hasSize(1);
	}

	@Test
	void aClientCreatedAfterThePlanJobRanStillGetsTheCheckInOfTheNextHours() {
		CLOCK.set("2027-03-31T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		// The plan job has already looked 48 h ahead for this program...
		this.planner.planOccasions();
		String email = uniqueEmail("late-client");
		// ...when a client arrives whose 90-day check-in is tomorrow.
		shop.put("/api/v1/contacts/lc", """
				{"email":"%s","relationship":"CLIENT","timeZone":"UTC","clientSince":"2027-01-01"}""".formatted(email));
		List<JsonNode> outreach = outreachOf(shop, "lc");
		assertThat(outreach).extracting(o -> o.get("occasion").asString()).containsExactly("check-in@2027-04-01");
		assertThat(outreach.get(0).get("dueAt").asString()).isEqualTo("2027-04-01T10:00:00Z");
	}

	@Test
	void aCorrectedBirthdayCancelsTheGreetingPlannedForTheWrongDay() {
		CLOCK.set("2027-10-09T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("corrected");
		shop.put("/api/v1/contacts/cb", """
				{"email":"%s","significantDates":[{"kind":"BIRTHDAY","month":10,"day":10}]}""".formatted(email));
		shop.put("/api/v1/contacts/cb", """
				{"email":"%s","significantDates":[{"kind":"BIRTHDAY","month":10,"day":11}]}""".formatted(email));

		List<JsonNode> outreach = outreachOf(shop, "cb");
		assertThat(outreach).extracting(o -> o.get("occasion").asString() + " " + o.get("status").asString())
			.containsExactlyInAnyOrder("birthday@2027-10-10 CANCELLED", "birthday@2027-10-11 SCHEDULED");
		assertThat(outreach).filteredOn(o -> o.get("status").asString().equals("CANCELLED"))
			.extracting(o -> o.get("reason").asString())
			.containsExactly("date_changed");
	}

}
