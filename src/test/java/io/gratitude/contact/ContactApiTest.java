package io.gratitude.contact;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contacts API beyond upsert: lists with filters and search, erasure, and significant
 * dates one by one, each re-planning like an upsert.
 */
class ContactApiTest extends IntegrationTest {

	@Test
	void listsFilterSearchAndPageInAStableOrder() {
		Api shop = enroll("UTC", "09:00", "18:00");
		put(shop, "c-03", "{\"email\":\"%s\",\"firstName\":\"Ana\",\"lastName\":\"Lima\"}", uniqueEmail("ana"));
		put(shop, "c-01",
				"{\"email\":\"%s\",\"firstName\":\"Ben\",\"lastName\":\"Carter\",\"relationship\":\"CLIENT\"}",
				uniqueEmail("ben"));
		put(shop, "c-02",
				"{\"email\":\"%s\",\"firstName\":\"Chloé\",\"lastName\":\"Dubois\",\"relationship\":\"CLIENT\"}",
				uniqueEmail("chloe"));
		put(shop, "c-04", "{\"email\":\"%s\",\"firstName\":\"Dan_100%%\"}", "dan@corner.example");
		put(shop, "c-05", "{\"email\":\"%s\",\"firstName\":\"Eve\"}", uniqueEmail("eve"));
		assertThat(shop.post("/api/v1/contacts/c-02/opt-out", "").status()).isEqualTo(200);
		assertThat(shop.send("DELETE", "/api/v1/contacts/c-05", "application/json", "").status()).isEqualTo(204);

		JsonNode first = list(shop, "size=2");
		assertThat(refs(first)).containsExactly("c-01", "c-02");
		assertThat(first.get("total").asLong()).isEqualTo(4);
		assertThat(first.get("page").asInt()).isZero();
		assertThat(first.get("size").asInt()).isEqualTo(2);
		assertThat(refs(list(shop, "size=2&page=1"))).containsExactly("c-03", "c-04");
		assertThat(refs(list(shop, "size=2&page=2"))).isEmpty();
		assertThat(first.get("items").get(0).get("relationship").asString()).isEqualTo("CLIENT");

		assertThat(refs(list(shop, "relationship=CLIENT"))).containsExactly("c-01", "c-02");
		assertThat(refs(list(shop, "optedOut=true"))).containsExactly("c-02");
		assertThat(refs(list(shop, "optedOut=false"))).containsExactly("c-01", "c-03", "c-04");
		assertThat(refs(list(shop, "q=LIMA"))).containsExactly("c-03");
		assertThat(refs(list(shop, "q=ana%20lima"))).containsExactly("c-03");
		assertThat(refs(list(shop, "q=chlo%C3%A9"))).containsExactly("c-02");
		assertThat(refs(list(shop, "q=CORNER.example"))).containsExactly("c-04");
		// % and _ are text to find, not wildcards.
		assertThat(refs(list(shop, "q=%25"))).containsExactly("c-04");
		assertThat(refs(list(shop, "q=_"))).containsExactly("c-04");
		assertThat(refs(list(shop, "q=e&relationship=CLIENT&optedOut=false"))).containsExactly("c-01");
		JsonNode searched = list(shop, "q=e&size=1");
		assertThat(searched.get("total").asLong()).isEqualTo(4);

		JsonNode erased = list(shop, "erased=true");
		assertThat(erased.get("total").asLong()).isEqualTo(1);
		assertThat(erased.get("items").get(0).get("externalRef").asString()).startsWith("erased-");

		Api other = enroll("UTC", "09:00", "18:00");
		assertThat(list(other, "").get("total").asLong()).isZero();
		assertThat(shop.get("/api/v1/contacts?relationship=FRIEND").json().get("field").asString())
			.isEqualTo("relationship");
	}

	@Test
	void erasureRemovesPersonalDataCancelsWhatIsPlannedAndKeepsTheSendLogWithoutIt() {
		CLOCK.set("2027-03-13T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String ana = uniqueEmail("ana");
		String witness = uniqueEmail("wit");
		put(shop, "ana", """
				{"email":"%s","firstName":"Ana","lastName":"Lima","relationship":"CLIENT","clientSince":"2020-03-14",
				 "timeZone":"Europe/Lisbon","locale":"pt-PT","attributes":{"tier":"gold"},
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":14,"year":1990},
				                     {"kind":"CUSTOM","label":"Ana's wedding","month":3,"day":14}]}""", ana);
		put(shop, "wit", "{\"email\":\"%s\",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":3,\"day\":14}]}",
				witness);
		assertThat(shop.post("/api/v1/sales", """
				{"externalRef":"ORD-1","contactRef":"ana","amount":"10.00","currency":"EUR",
				 "occurredAt":"2027-03-13T12:00:00Z"}""").status()).isEqualTo(201);
		CLOCK.set("2027-03-13T14:00:05Z");
		eventually().until(() -> TestMail.to(ana).size() == 1);
		eventually().until(() -> outreachOf(shop, "ana").stream()
			.anyMatch(o -> o.get("status").asString().equals("SENT") && o.get("lastReply").isString()));

		Api other = enroll("UTC", "09:00", "18:00");
		assertThat(other.send("DELETE", "/api/v1/contacts/ana", "application/json", "").status()).isEqualTo(404);
		assertThat(shop.get("/api/v1/contacts/ana").json().get("email").asString()).isEqualTo(ana);

		assertThat(shop.send("DELETE", "/api/v1/contacts/ana", "application/json", "").status()).isEqualTo(204);
		assertThat(shop.get("/api/v1/contacts/ana").status()).isEqualTo(404);
		assertThat(shop.send("DELETE", "/api/v1/contacts/ana", "application/json", "").status()).isEqualTo(204);
		assertThat(shop.send("DELETE", "/api/v1/contacts/nobody", "application/json", "").status()).isEqualTo(404);

		JsonNode shell = list(shop, "erased=true").get("items").get(0);
		String erasedRef = shell.get("externalRef").asString();
		assertThat(erasedRef).matches("erased-\\d+");
		for (String field : List.of("email", "firstName", "lastName", "timeZone", "locale", "clientSince")) {
			assertThat(shell.get(field).isNull()).as(field).isTrue();
		}
		assertThat(shell.get("attributes")).isEmpty();
		assertThat(shell.get("significantDates")).isEmpty();
		assertThat(shell.get("erased").asBoolean()).isTrue();
		assertThat(shop.send("DELETE", "/api/v1/contacts/" + erasedRef, "application/json", "").status())
			.isEqualTo(204);

		List<JsonNode> log = outreachOf(shop, erasedRef);
		assertThat(log).extracting(o -> o.get("program").asString() + " " + o.get("status").asString())
			.contains("after-sale-thanks SENT", "birthday CANCELLED", "client-anniversary CANCELLED");
		assertThat(log).filteredOn(o -> o.get("status").asString().equals("CANCELLED"))
			.allSatisfy(o -> assertThat(o.get("reason").asString()).isEqualTo("contact_erased"));
		String logText = log.toString();
		assertThat(logText).doesNotContain(ana).doesNotContain("Lima").doesNotContain("wedding");
		JsonNode sent = log.stream().filter(o -> o.get("status").asString().equals("SENT")).findFirst().orElseThrow();
		assertThat(sent.get("lastReply").isNull()).isTrue();
		assertThat(sent.get("attempts").get(0).get("smtpCode").asInt()).isEqualTo(250);
		assertThat(sent.get("attempts").get(0).get("smtpReply").isNull()).isTrue();

		// The partner may use the reference again: a new contact, nothing planned of the
		// old.
		put(shop, "ana", "{\"email\":\"%s\"}", ana);
		assertThat(shop.get("/api/v1/contacts/ana").json().get("erased").asBoolean()).isFalse();

		CLOCK.set("2027-03-14T09:00:05Z");
		eventually().until(() -> TestMail.to(witness).size() == 1);
		assertThat(TestMail.to(ana)).hasSize(1);
	}

	@Test
	void datesAreSetAndDeletedOneByOneAndPlannedAgain() {
		CLOCK.set("2027-03-13T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		put(shop, "dee", "{\"email\":\"%s\"}", uniqueEmail("dee"));

		Api.Response created = shop.put("/api/v1/contacts/dee/dates/BIRTHDAY", "{\"month\":3,\"day\":14}");
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith("/api/v1/contacts/dee/dates/BIRTHDAY");
		assertThat(created.json().get("kind").asString()).isEqualTo("BIRTHDAY");
		assertThat(statuses(shop, "dee")).containsExactly("birthday@2027-03-14 SCHEDULED");

		assertThat(shop.put("/api/v1/contacts/dee/dates/birthday", "{\"month\":3,\"day\":15,\"year\":1990}").status())
			.isEqualTo(200);
		assertThat(statuses(shop, "dee")).containsExactlyInAnyOrder("birthday@2027-03-14 CANCELLED date_changed",
				"birthday@2027-03-15 SCHEDULED");
		assertThat(shop.get("/api/v1/contacts/dee").json().get("significantDates").get(0).get("year").asInt())
			.isEqualTo(1990);

		Api.Response custom = shop.put("/api/v1/contacts/dee/dates/CUSTOM/First%20order", "{\"month\":6,\"day\":1}");
		assertThat(custom.status()).as(custom.raw().body()).isEqualTo(201);
		assertThat(custom.header("Location")).endsWith("/dates/CUSTOM/First%20order");
		assertThat(shop.get("/api/v1/contacts/dee").json().get("significantDates"))
			.extracting(d -> d.get("kind").asString() + ":" + d.get("label").asString())
			.containsExactly("BIRTHDAY:", "CUSTOM:First order");

		assertThat(shop.send("DELETE", "/api/v1/contacts/dee/dates/BIRTHDAY", "application/json", "").status())
			.isEqualTo(204);
		assertThat(statuses(shop, "dee")).containsExactlyInAnyOrder("birthday@2027-03-14 CANCELLED date_changed",
				"birthday@2027-03-15 CANCELLED date_changed");
		assertThat(shop.send("DELETE", "/api/v1/contacts/dee/dates/BIRTHDAY", "application/json", "").status())
			.isEqualTo(404);
		assertThat(
				shop.send("DELETE", "/api/v1/contacts/dee/dates/CUSTOM/First%20order", "application/json", "").status())
			.isEqualTo(204);
		assertThat(shop.get("/api/v1/contacts/dee").json().get("significantDates")).isEmpty();

		assertThat(
				shop.put("/api/v1/contacts/dee/dates/CUSTOM", "{\"month\":6,\"day\":1}").json().get("field").asString())
			.isEqualTo("label");
		assertThat(shop.put("/api/v1/contacts/dee/dates/BIRTHDAY/x", "{\"month\":6,\"day\":1}")
			.json()
			.get("field")
			.asString()).isEqualTo("label");
		assertThat(shop.put("/api/v1/contacts/ghost/dates/BIRTHDAY", "{\"month\":6,\"day\":1}").status())
			.isEqualTo(404);
		Api other = enroll("UTC", "09:00", "18:00");
		assertThat(other.put("/api/v1/contacts/dee/dates/BIRTHDAY", "{\"month\":6,\"day\":1}").status()).isEqualTo(404);
		assertThat(shop.get("/api/v1/contacts/dee").json().get("significantDates")).isEmpty();
	}

	private static void put(Api shop, String ref, String json, String email) {
		Api.Response response = shop.put("/api/v1/contacts/" + ref, json.formatted(email));
		assertThat(response.status()).as(response.raw().body()).isIn(200, 201);
	}

	private static JsonNode list(Api shop, String query) {
		Api.Response response = shop.get("/api/v1/contacts?" + query);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.json();
	}

	private static List<String> refs(JsonNode page) {
		return page.get("items").valueStream().map(c -> c.get("externalRef").asString()).toList();
	}

	private static List<String> statuses(Api shop, String ref) {
		return outreachOf(shop, ref).stream()
			.map(o -> o.get("occasion").asString() + " " + o.get("status").asString()
					+ (o.get("reason").isNull() ? "" : " " + o.get("reason").asString()))
			.toList();
	}

}
