package io.gratitude.program;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners create their own programs beside the defaults, change and delete them; a
 * created program plans and sends like a default one, a deleted one sends nothing more.
 */
class ProgramApiTest extends IntegrationTest {

	@Test
	void aProgramOfEachTriggerIsCreatedWithItsDefaultsAndListed() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response sale = shop.post("/api/v1/programs", """
				{"key":"vip-thanks","name":"VIP thanks","trigger":"AFTER_SALE","audience":"CLIENT",
				 "template":"after-sale-thanks","delay":"PT30M"}""");
		assertThat(sale.status()).as(sale.raw().body()).isEqualTo(201);
		assertThat(sale.header("Location")).endsWith("/api/v1/programs/vip-thanks");
		assertThat(sale.json().get("delay").asString()).isEqualTo("PT30M");
		assertThat(sale.json().get("maxLateness").asString()).isEqualTo("PT24H");
		assertThat(sale.json().get("enabled").asBoolean()).isTrue();
		assertThat(sale.json().get("sendAt").isNull()).isTrue();

		Api.Response date = shop.post("/api/v1/programs", """
				{"key":"wedding","name":"Wedding anniversary","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"birthday","offsetDays":-3}""");
		assertThat(date.status()).as(date.raw().body()).isEqualTo(201);
		assertThat(date.json().get("dateKind").asString()).isEqualTo("CUSTOM");
		assertThat(date.json().get("offsetDays").asInt()).isEqualTo(-3);
		assertThat(date.json().get("sendAt").asString()).isEqualTo("09:00");

		Api.Response checkIn = shop.post("/api/v1/programs", """
				{"key":"monthly","name":"Monthly hello","trigger":"CHECK_IN","audience":"CLIENT",
				 "template":"client-check-in","periodDays":30,"sendAt":"11:30","maxLateness":"PT12H"}""");
		assertThat(checkIn.status()).as(checkIn.raw().body()).isEqualTo(201);
		assertThat(checkIn.json().get("periodDays").asInt()).isEqualTo(30);
		assertThat(checkIn.json().get("sendAt").asString()).isEqualTo("11:30");
		assertThat(checkIn.json().get("maxLateness").asString()).isEqualTo("PT12H");

		Api.Response promotion = shop.post("/api/v1/programs", """
				{"key":"welcome-2","name":"Second welcome","trigger":"PROMOTION","audience":"CLIENT",
				 "template":"client-welcome","delay":"P1D","enabled":false}""");
		assertThat(promotion.status()).as(promotion.raw().body()).isEqualTo(201);
		assertThat(promotion.json().get("maxLateness").asString()).isEqualTo("PT72H");
		assertThat(promotion.json().get("enabled").asBoolean()).isFalse();

		Api.Response campaign = shop.post("/api/v1/programs", """
				{"key":"spring-2027","name":"Spring","trigger":"CAMPAIGN","audience":"ANY","template":"birthday"}""");
		assertThat(campaign.status()).as(campaign.raw().body()).isEqualTo(201);

		JsonNode page = shop.get("/api/v1/programs").json();
		assertThat(page.get("total").asLong()).isEqualTo(11);
		assertThat(keys(page)).containsExactly("after-sale-thanks", "vip-thanks", "client-welcome", "welcome-2",
				"birthday", "client-anniversary", "wedding", "client-check-in", "monthly", "client-at-risk",
				"spring-2027");
		JsonNode second = shop.get("/api/v1/programs?page=1&size=4").json();
		assertThat(keys(second)).containsExactly("birthday", "client-anniversary", "wedding", "client-check-in");
		assertThat(second.get("page").asInt()).isEqualTo(1);
		assertThat(second.get("size").asInt()).isEqualTo(4);
		assertThat(shop.get("/api/v1/programs/monthly").json().get("template").asString()).isEqualTo("client-check-in");
		// Another partner sees none of them.
		Api other = enroll("UTC", "09:00", "18:00");
		assertThat(other.get("/api/v1/programs/vip-thanks").status()).isEqualTo(404);
		assertThat(other.get("/api/v1/programs").json().get("total").asLong()).isEqualTo(6);
	}

	@Test
	void aDuplicateKeyAnUnknownTemplateOrAMissingSettingIsRefusedAndNothingIsCreated() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response duplicate = shop.post("/api/v1/programs", """
				{"key":"birthday","name":"Another","trigger":"DATE","dateKind":"BIRTHDAY","audience":"ANY",
				 "template":"birthday"}""");
		assertProblem(duplicate, 409, null);

		Api.Response unknownTemplate = shop.post("/api/v1/programs", """
				{"key":"vip","name":"VIP","trigger":"AFTER_SALE","audience":"ANY","template":"nope"}""");
		assertProblem(unknownTemplate, 422, null);
		assertThat(unknownTemplate.json().get("detail").asString()).contains("nope");

		assertProblem(shop.post("/api/v1/programs", """
				{"key":"wedding","name":"Wedding","trigger":"DATE","audience":"ANY","template":"birthday"}"""), 400,
				"dateKind");
		assertProblem(shop.post("/api/v1/programs", """
				{"key":"often","name":"Often","trigger":"CHECK_IN","audience":"CLIENT","template":"birthday"}"""), 400,
				"periodDays");
		assertProblem(shop.post("/api/v1/programs", """
				{"key":"Bad_Key","name":"x","trigger":"AFTER_SALE","audience":"ANY","template":"birthday"}"""), 400,
				"key");
		assertProblem(shop.post("/api/v1/programs", """
				{"key":"soon","name":"x","trigger":"AFTER_SALE","audience":"ANY","template":"birthday",
				 "offsetDays":3}"""), 400, "offsetDays");
		assertThat(shop.get("/api/v1/programs").json().get("total").asLong()).isEqualTo(6);
		assertThat(shop.get("/api/v1/programs/vip").status()).isEqualTo(404);
	}

	@Test
	void aPatchCanSwitchTheTemplateToAnExistingOne() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.put("/api/v1/templates/bday-2", "{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}")
			.status()).isEqualTo(201);
		Api.Response patched = shop.patch("/api/v1/programs/birthday", "{\"template\":\"bday-2\"}");
		assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
		assertThat(shop.get("/api/v1/programs/birthday").json().get("template").asString()).isEqualTo("bday-2");
		assertProblem(shop.patch("/api/v1/programs/birthday", "{\"template\":\"nope\"}"), 422, null);
		assertThat(shop.get("/api/v1/programs/birthday").json().get("template").asString()).isEqualTo("bday-2");
	}

	@Test
	void aDeletedProgramIsHiddenAndItsScheduledOutreachIsNeverSent() {
		CLOCK.set("2027-05-01T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("bea");
		shop.put("/api/v1/contacts/bea", """
				{"email":"%s","firstName":"Bea","significantDates":[{"kind":"BIRTHDAY","month":5,"day":2}]}"""
			.formatted(email));
		List<JsonNode> planned = outreachOf(shop, "bea");
		assertThat(planned).hasSize(1);
		assertThat(planned.get(0).get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(planned.get(0).get("dueAt").asString()).isEqualTo("2027-05-02T09:00:00Z");

		Api.Response deleted = shop.send("DELETE", "/api/v1/programs/birthday", "application/json", "");
		assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(204);
		assertThat(shop.get("/api/v1/programs/birthday").status()).isEqualTo(404);
		assertThat(keys(shop.get("/api/v1/programs").json())).doesNotContain("birthday").hasSize(5);
		assertThat(shop.patch("/api/v1/programs/birthday", "{\"enabled\":true}").status()).isEqualTo(404);
		assertThat(shop.send("DELETE", "/api/v1/programs/birthday", "application/json", "").status()).isEqualTo(404);
		assertProblem(shop.post("/api/v1/programs", """
				{"key":"birthday","name":"Again","trigger":"DATE","dateKind":"BIRTHDAY","audience":"ANY",
				 "template":"birthday"}"""), 409, null);

		CLOCK.set("2027-05-02T09:00:05Z");
		eventually().until(() -> "CANCELLED".equals(outreachOf(shop, "bea").get(0).get("status").asString()));
		assertThat(outreachOf(shop, "bea").get(0).get("reason").asString()).isEqualTo("program_disabled");
		assertThat(TestMail.to(email)).isEmpty();
	}

	@Test
	void aCustomDateProgramThreeDaysAheadPlansAndSendsThreeDaysBeforeTheDate() throws Exception {
		CLOCK.set("2027-04-01T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop
			.put("/api/v1/templates/wedding-soon",
					"""
							{"subject":"${occasion.label} in ${occasion.daysUntil} days: ${occasion.years} years, ${contact.firstName!\\"friend\\"}",
							 "html":"<p>${occasion.dateText}</p>","text":"${occasion.dateText}"}""")
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/wedding-soon/publish", "{}").status()).isEqualTo(200);
		assertThat(shop.post("/api/v1/programs", """
				{"key":"wedding","name":"Wedding anniversary","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"wedding-soon","offsetDays":-3,"sendAt":"10:00"}""").status()).isEqualTo(201);
		String email = uniqueEmail("wed");
		shop.put("/api/v1/contacts/wed", """
				{"email":"%s","firstName":"Vera","significantDates":[
				 {"kind":"CUSTOM","label":"Wedding anniversary","month":4,"day":5,"year":2017}]}""".formatted(email));

		List<JsonNode> planned = outreachOf(shop, "wed");
		assertThat(planned).hasSize(1);
		assertThat(planned.get(0).get("program").asString()).isEqualTo("wedding");
		assertThat(planned.get(0).get("occasion").asString()).isEqualTo("custom:Wedding anniversary@2027-04-05");
		assertThat(planned.get(0).get("dueAt").asString()).isEqualTo("2027-04-02T10:00:00Z");

		CLOCK.set("2027-04-02T09:59:00Z");
		assertThat(TestMail.to(email)).isEmpty();
		CLOCK.set("2027-04-02T10:00:05Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
		assertThat(TestMail.to(email).get(0).getSubject()).isEqualTo("Wedding anniversary in 3 days: 10 years, Vera");
		eventually().until(() -> "SENT".equals(outreachOf(shop, "wed").get(0).get("status").asString()));
	}

	private static List<String> keys(JsonNode page) {
		return page.get("items").valueStream().map((p) -> p.get("key").asString()).toList();
	}

	private static void assertProblem(Api.Response response, int status, String field) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.json().get("field").asString()).as(response.raw().body()).isEqualTo(field);
		}
	}

}
