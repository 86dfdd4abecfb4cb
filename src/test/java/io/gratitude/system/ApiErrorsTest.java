package io.gratitude.system;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets an RFC 9457 problem and leaves nothing behind; partners never see each
 * other.
 */
class ApiErrorsTest extends IntegrationTest {

	@Test
	void requestsWithoutAValidKeyAreUnauthorized() {
		Api.Response none = new Api(this.port, null).get("/api/v1/programs");
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.header("Content-Type")).startsWith("application/problem+json");
		assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(new Api(this.port, "gk_nope_nope").get("/api/v1/programs").status()).isEqualTo(401);
		// A partner's key is a valid credential, but not the admin token; and the other
		// way round.
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response partnerOnAdminRoute = shop.post("/api/v1/partners", "{}");
		assertThat(partnerOnAdminRoute.status()).isEqualTo(403);
		assertThat(partnerOnAdminRoute.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		assertThat(partnerOnAdminRoute.json().get("detail").asString()).contains("needs the admin token");
		Api.Response adminOnPartnerRoute = admin().get("/api/v1/programs");
		assertThat(adminOnPartnerRoute.status()).isEqualTo(403);
		assertThat(adminOnPartnerRoute.json().get("detail").asString()).contains("needs a partner's API key");
	}

	@Test
	void invalidContactsAreRefusedWithAProblemNamingTheFieldAndNothingIsStored() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertProblem(shop.put("/api/v1/contacts/bad", "{\"email\":\"not-an-address\"}"), 400, "email");
		assertProblem(shop.put("/api/v1/contacts/bad", "{\"email\":\"a@b.example\",\"timeZone\":\"Mars/Olympus\"}"),
				400, "timeZone");
		assertProblem(
				shop.put("/api/v1/contacts/bad", "{\"email\":\"a@b.example\",\"firstName\":\"Ana\\r\\nBcc: x@y.z\"}"),
				400, "firstName");
		assertProblem(shop.put("/api/v1/contacts/bad",
				"{\"email\":\"a@b.example\",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":30}]}"),
				400, "month 2, day 30");
		assertProblem(shop.put("/api/v1/contacts/bad", "{\"email\":"), 400, null);
		assertThat(shop.get("/api/v1/contacts/bad").status()).isEqualTo(404);
	}

	@Test
	void aSaleForAnUnknownContactIsUnprocessableAndNotRecorded() {
		Api shop = enroll("UTC", "09:00", "18:00");
		String sale = """
				{"externalRef":"U-1","contactRef":"ghost","amount":1,"currency":"EUR","occurredAt":"2027-01-01T00:00:00Z"}""";
		assertProblem(shop.post("/api/v1/sales", sale), 422, "ghost");
		assertProblem(shop.post("/api/v1/sales", sale.replace("EUR", "XYZ")), 400, "currency");
		assertProblem(shop.post("/api/v1/sales", sale.replace("\"amount\":1", "\"amount\":-1")), 400, "amount");
		shop.put("/api/v1/contacts/ghost", "{\"email\":\"ghost@example.com\"}");
		// The refused attempt left nothing: the reference is still free.
		assertThat(shop.post("/api/v1/sales", sale).status()).isEqualTo(201);
	}

	@Test
	void aPartnerSeesOnlyItsOwnContactsProgramsAndOutreach() {
		Api a = enroll("UTC", "09:00", "18:00");
		a.put("/api/v1/contacts/shared-ref", "{\"email\":\"a-only@example.com\",\"firstName\":\"Alice\"}");
		Api b = enroll("UTC", "09:00", "18:00");
		assertThat(b.get("/api/v1/contacts/shared-ref").status()).isEqualTo(404);
		assertThat(b.get("/api/v1/outreach?contactRef=shared-ref").json().get("items")).isEmpty();
		// B's contact under the same reference is B's own.
		assertThat(b.put("/api/v1/contacts/shared-ref", "{\"email\":\"b-only@example.com\"}").status()).isEqualTo(201);
		assertThat(a.get("/api/v1/contacts/shared-ref").json().get("email").asString()).isEqualTo("a-only@example.com");
		b.patch("/api/v1/programs/birthday", "{\"enabled\":false}");
		assertThat(a.get("/api/v1/programs/birthday").json().get("enabled").asBoolean()).isTrue();
	}

	@Test
	void programChangesAreValidated() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertProblem(shop.patch("/api/v1/programs/nope", "{\"enabled\":false}"), 404, "nope");
		assertProblem(shop.patch("/api/v1/programs/birthday", "{\"offsetDays\":400}"), 400, "offsetDays");
		assertThat(shop.get("/api/v1/programs/birthday").json().get("offsetDays").asInt()).isZero();
		assertThat(shop.get("/api/v1/programs").json().get("items")).hasSize(6);
	}

	private static void assertProblem(Api.Response response, int status, String detailContains) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		if (detailContains != null) {
			assertThat(response.json().get("detail").asString()).contains(detailContains);
		}
	}

	@Test
	void aValueOfTheWrongTypeIsExplainedInWordsAndNamesItsField() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response enumAsNumber = shop.put("/api/v1/contacts/wrong-type",
				"{\"email\":\"w@example.com\",\"relationship\":1}");
		assertThat(enumAsNumber.status()).isEqualTo(400);
		assertThat(enumAsNumber.json().get("field").asString()).isEqualTo("relationship");
		assertThat(enumAsNumber.json().get("detail").asString())
			.isEqualTo("Field 'relationship' must be one of CUSTOMER, CLIENT, as a JSON string.");
		Api.Response fraction = shop.put("/api/v1/contacts/wrong-type",
				"{\"email\":\"w@example.com\",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":3.5,\"day\":1}]}");
		assertThat(fraction.json().get("field").asString()).isEqualTo("significantDates[0].month");
		assertThat(fraction.json().get("detail").asString()).contains("must be a whole number");
		Api.Response twice = shop.put("/api/v1/contacts/wrong-type",
				"{\"email\":\"w@example.com\",\"email\":\"v@example.com\"}");
		assertThat(twice.json().get("detail").asString())
			.isEqualTo("Field 'email' appears twice in one object: send each key once.");
		assertThat(shop.get("/api/v1/contacts/wrong-type").status()).isEqualTo(404);
	}

	@Test
	void anUnknownFieldIsRefusedByItsPathWithTheNearestKnownName() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response typo = shop.put("/api/v1/contacts/typo", "{\"email\":\"t@example.com\",\"firstname\":\"Ana\"}");
		assertProblem(typo, 400, "Field 'firstname' is not known: did you mean firstName?");
		assertThat(typo.json().get("field").asString()).isEqualTo("firstname");
		Api.Response nested = shop.put("/api/v1/contacts/typo",
				"{\"email\":\"t@example.com\",\"significantDates\":[{\"kind\":\"CUSTOM\",\"month\":3,\"day\":1,\"lable\":\"x\"}]}");
		assertProblem(nested, 400, "Field 'significantDates[0].lable' is not known: did you mean label?");
		assertThat(nested.json().get("field").asString()).isEqualTo("significantDates[0].lable");
		Api.Response farOff = shop.post("/api/v1/keys", "{\"label\":\"till\",\"colour\":\"red\"}");
		assertProblem(farOff, 400, "Field 'colour' is not known: the known fields are label.");
		assertThat(shop.get("/api/v1/contacts/typo").status()).isEqualTo(404);

		Api.Response batch = shop.post("/api/v1/contacts:batch",
				"[{\"externalRef\":\"typo\",\"email\":\"t@example.com\",\"lastname\":\"Lima\"}]");
		assertThat(batch.status()).isEqualTo(200);
		assertThat(batch.json().get("rejected").get(0).get("field").asString()).isEqualTo("lastname");
		assertThat(batch.json().get("rejected").get(0).get("reason").asString())
			.isEqualTo("Field 'lastname' is not known: did you mean lastName?");
		assertThat(shop.get("/api/v1/contacts/typo").status()).isEqualTo(404);
	}

	@Test
	void mapsMeantForAnyKeyStillTakeAnyKey() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop
			.put("/api/v1/contacts/free",
					"{\"email\":\"f@example.com\",\"attributes\":{\"shoeSize\":\"42\",\"firstname\":\"x\"}}")
			.status()).isEqualTo(201);
		assertThat(shop.get("/api/v1/contacts/free").json().get("attributes").get("shoeSize").asString())
			.isEqualTo("42");
		assertThat(shop
			.put("/api/v1/templates/free",
					"{\"subject\":\"Hi ${anything.nested}\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}")
			.status()).isEqualTo(201);
		Api.Response preview = shop.post("/api/v1/templates/free/preview",
				"{\"version\":1,\"sampleData\":{\"anything\":{\"nested\":\"yes\"},\"firstname\":1}}");
		assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
		assertThat(preview.json().get("subject").asString()).isEqualTo("Hi yes");
	}

	@Test
	void springsOwnRefusalsAreUtf8Problems() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response unknownRoute = shop.get("/api/v1/no-such-thing");
		assertThat(unknownRoute.status()).isEqualTo(404);
		assertThat(unknownRoute.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		Api.Response wrongMethod = shop.send("DELETE", "/api/v1/sales", "application/json", "");
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		Api.Response wrongType = shop.send("POST", "/api/v1/sales", "text/plain", "hello");
		assertThat(wrongType.status()).isEqualTo(415);
		assertThat(wrongType.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		Api.Response featuresOwn = shop.get("/api/v1/sales/none");
		assertThat(featuresOwn.status()).isEqualTo(404);
		assertThat(featuresOwn.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
	}

}
