package io.gratitude.partner;

import java.util.List;
import java.util.stream.Stream;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator reads, lists and changes partners with the admin token; every change is
 * validated whole before anything is written.
 */
class PartnerAdministrationTest extends IntegrationTest {

	private Api shop;

	private String partner;

	@BeforeEach
	void aPartner() {
		this.shop = enroll("Europe/Lisbon", "09:00", "18:00");
		this.partner = "/api/v1/partners/" + this.partnerId;
	}

	@Test
	void aPartnerIsReadAndListedInPagesWithItsSettings() {
		Api.Response one = admin().get(this.partner);
		assertThat(one.status()).isEqualTo(200);
		JsonNode p = one.json();
		assertThat(p.get("id").asLong()).isEqualTo(this.partnerId);
		assertThat(p.get("timeZone").asString()).isEqualTo("Europe/Lisbon");
		assertThat(p.get("sendWindow").get("start").asString()).isEqualTo("09:00");
		assertThat(p.get("leapDayPolicy").asString()).isEqualTo("FEB_28");
		assertThat(p.get("frequencyCapHours").asInt()).isEqualTo(72);
		assertThat(p.get("maxPerMinute").isNull()).as("the configured default").isTrue();
		assertThat(p.get("paused").asBoolean()).isFalse();
		assertThat(p.get("apiKey").isNull()).isTrue();

		enroll("UTC", "09:00", "18:00");
		Api.Response page = admin().get("/api/v1/partners?size=1");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("items")).hasSize(1);
		assertThat(page.json().get("size").asInt()).isEqualTo(1);
		long total = page.json().get("total").asLong();
		assertThat(total).isGreaterThanOrEqualTo(2);
		Api.Response last = admin().get("/api/v1/partners?size=1&page=" + (total - 1));
		assertThat(last.json().get("items").get(0).get("id").asLong()).isEqualTo(this.partnerId);
		assertThat(admin().get("/api/v1/partners?size=501").json().get("field").asString()).isEqualTo("size");

		assertThat(admin().get("/api/v1/partners/999999999").status()).isEqualTo(404);
		assertThat(admin().get("/api/v1/partners/abc").json().get("field").asString()).isEqualTo("id");
		// A partner's key is not the admin token, not even for its own partner: a valid
		// credential, the wrong kind.
		assertThat(this.shop.get(this.partner).status()).isEqualTo(403);
		assertThat(this.shop.patch(this.partner, "{\"frequencyCapHours\":0}").status()).isEqualTo(403);
		assertThat(this.shop.post(this.partner + "/pause", "").status()).isEqualTo(403);
		assertThat(admin().get(this.partner).json().get("frequencyCapHours").asInt()).isEqualTo(72);
	}

	@Test
	void eachSettingIsChangedOnItsOwn() {
		assertThat(patch("{\"name\":\"Corner Books\"}").get("name").asString()).isEqualTo("Corner Books");
		assertThat(patch("{\"senderEmail\":\"Sam@Corner.EXAMPLE\"}").get("senderEmail").asString())
			.isEqualTo("Sam@corner.example");
		assertThat(patch("{\"senderName\":\"Sam at Corner Books\"}").get("senderName").asString())
			.isEqualTo("Sam at Corner Books");
		assertThat(patch("{\"replyTo\":\"desk@corner.example\"}").get("replyTo").asString())
			.isEqualTo("desk@corner.example");
		assertThat(patch("{\"timeZone\":\"Asia/Tokyo\"}").get("timeZone").asString()).isEqualTo("Asia/Tokyo");
		JsonNode window = patch("{\"sendWindow\":{\"start\":\"08:30\",\"end\":\"00:00\"}}").get("sendWindow");
		assertThat(window.get("start").asString()).isEqualTo("08:30");
		assertThat(window.get("end").asString()).isEqualTo("00:00");
		assertThat(patch("{\"frequencyCapHours\":0}").get("frequencyCapHours").asInt()).isZero();
		assertThat(patch("{\"frequencyCapHours\":720}").get("frequencyCapHours").asInt()).isEqualTo(720);
		assertThat(patch("{\"leapDayPolicy\":\"MAR_1\"}").get("leapDayPolicy").asString()).isEqualTo("MAR_1");
		assertThat(patch("{\"maxPerMinute\":100000}").get("maxPerMinute").asInt()).isEqualTo(100_000);
		assertThat(patch("{\"maxPerMinute\":5}").get("maxPerMinute").asInt()).isEqualTo(5);

		// Each change kept the others, as a read shows.
		JsonNode p = admin().get(this.partner).json();
		assertThat(p.get("name").asString()).isEqualTo("Corner Books");
		assertThat(p.get("senderEmail").asString()).isEqualTo("Sam@corner.example");
		assertThat(p.get("senderName").asString()).isEqualTo("Sam at Corner Books");
		assertThat(p.get("replyTo").asString()).isEqualTo("desk@corner.example");
		assertThat(p.get("timeZone").asString()).isEqualTo("Asia/Tokyo");
		assertThat(p.get("sendWindow").get("start").asString()).isEqualTo("08:30");
		assertThat(p.get("frequencyCapHours").asInt()).isEqualTo(720);
		assertThat(p.get("leapDayPolicy").asString()).isEqualTo("MAR_1");
		assertThat(p.get("maxPerMinute").asInt()).isEqualTo(5);
		assertThat(p.get("paused").asBoolean()).isFalse();

		// An empty replyTo removes it; a maxPerMinute of 0 (or null) returns to the
		// default; an empty patch changes nothing.
		assertThat(patch("{\"replyTo\":\"\"}").get("replyTo").isNull()).isTrue();
		assertThat(patch("{\"maxPerMinute\":null}").get("maxPerMinute").asInt()).isEqualTo(5);
		assertThat(patch("{\"maxPerMinute\":0}").get("maxPerMinute").isNull()).isTrue();
		assertThat(admin().get(this.partner).json().get("maxPerMinute").isNull()).isTrue();
		assertThat(patch("{}")).isEqualTo(admin().get(this.partner).json());
		assertThat(admin().patch("/api/v1/partners/999999999", "{\"name\":\"x\"}").status()).isEqualTo(404);
	}

	@Test
	void aMessagesPerMinuteLimitIsChosenAtEnrollmentAndZeroMeansTheDefault() {
		String enrollment = """
				{"name":"Careful shop","senderEmail":"thanks@shop.example","senderName":"Rosa",
				 "timeZone":"UTC","maxPerMinute":%d}""";
		Api.Response limited = admin().post("/api/v1/partners", enrollment.formatted(30));
		assertThat(limited.status()).as(limited.raw().body()).isEqualTo(201);
		assertThat(limited.json().get("maxPerMinute").asInt()).isEqualTo(30);
		assertThat(
				admin().get("/api/v1/partners/" + limited.json().get("id").asLong()).json().get("maxPerMinute").asInt())
			.isEqualTo(30);
		Api.Response byDefault = admin().post("/api/v1/partners", enrollment.formatted(0));
		assertThat(byDefault.status()).as(byDefault.raw().body()).isEqualTo(201);
		assertThat(byDefault.json().get("maxPerMinute").isNull()).isTrue();
	}

	@Test
	void aChangedSenderIdentitySignsTheNextMessages() throws Exception {
		CLOCK.set("2027-03-10T12:00:00Z");
		patch("""
				{"senderEmail":"hello@corner.example","senderName":"Sam at Corner Books","replyTo":"desk@corner.example",
				 "sendWindow":{"start":"00:00","end":"00:00"}}""");
		this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("reader");
		this.shop.put("/api/v1/contacts/r-1", "{\"email\":\"%s\",\"firstName\":\"Ines\"}".formatted(email));
		assertThat(this.shop.post("/api/v1/sales",
				"""
						{"externalRef":"CB-1","contactRef":"r-1","amount":12,"currency":"EUR","occurredAt":"2027-03-10T11:59:00Z"}""")
			.status()).isEqualTo(201);

		eventually().until(() -> TestMail.to(email).size() == 1);
		MimeMessage message = TestMail.to(email).get(0);
		InternetAddress from = (InternetAddress) message.getFrom()[0];
		assertThat(from.getAddress()).isEqualTo("hello@corner.example");
		assertThat(from.getPersonal()).isEqualTo("Sam at Corner Books");
		assertThat(((InternetAddress) message.getReplyTo()[0]).getAddress()).isEqualTo("desk@corner.example");
		assertThat(message.getMessageID()).endsWith("@corner.example>");
	}

	static Stream<Arguments> badPatches() {
		return Stream.of(bad("{\"timeZone\":\"Mars/Olympus\"}", "timeZone"), bad("{\"timeZone\":\"\"}", "timeZone"),
				bad("{\"timeZone\":42}", "timeZone"),
				bad("{\"sendWindow\":{\"start\":\"18:00\",\"end\":\"09:00\"}}", "sendWindow"),
				bad("{\"sendWindow\":{\"start\":\"10:00\",\"end\":\"10:00\"}}", "sendWindow"),
				bad("{\"sendWindow\":{\"start\":\"25:00\",\"end\":\"09:00\"}}", "sendWindow.start"),
				bad("{\"sendWindow\":{\"start\":\"09:00\"}}", "sendWindow.end"),
				bad("{\"senderEmail\":\"not-an-address\"}", "senderEmail"),
				bad("{\"senderEmail\":\"\"}", "senderEmail"), bad("{\"replyTo\":\"desk@\"}", "replyTo"),
				bad("{\"senderName\":\"Rosa\\r\\nBcc: victim@example.com\"}", "senderName"),
				bad("{\"senderName\":\"Rosa\\nat the Shop\"}", "senderName"), bad("{\"name\":\" \"}", "name"),
				bad("{\"name\":\"" + "x".repeat(201) + "\"}", "name"),
				bad("{\"leapDayPolicy\":\"FEB_29\"}", "leapDayPolicy"),
				bad("{\"leapDayPolicy\":\"mar_1\"}", "leapDayPolicy"),
				bad("{\"frequencyCapHours\":721}", "frequencyCapHours"),
				bad("{\"frequencyCapHours\":-1}", "frequencyCapHours"),
				bad("{\"frequencyCapHours\":\"often\"}", "frequencyCapHours"),
				bad("{\"frequencyCapHours\":99999999999}", "frequencyCapHours"),
				bad("{\"maxPerMinute\":100001}", "maxPerMinute"), bad("{\"maxPerMinute\":-1}", "maxPerMinute"),
				bad("{\"maxPerMinute\":\"fast\"}", "maxPerMinute"),
				bad("{\"maxPerMinute\":99999999999}", "maxPerMinute"),
				// One bad setting refuses the whole change.
				bad("{\"name\":\"Renamed\",\"timeZone\":\"Mars/Olympus\"}", "timeZone"),
				bad("{\"name\":\"Renamed\",\"frequencyCapHours\":1000}", "frequencyCapHours"),
				bad("{\"name\":\"Renamed\",\"maxPerMinute\":100001}", "maxPerMinute"), bad("{\"name\":", "body"),
				bad("", "body"));
	}

	private static Arguments bad(String body, String field) {
		return Arguments.of(body, field);
	}

	@ParameterizedTest(name = "{0} → 400 {1}")
	@MethodSource("badPatches")
	void aBadChangeIsRefusedNamingTheFieldAndChangesNothing(String body, String field) {
		String before = admin().get(this.partner).raw().body();
		Api.Response response = admin().patch(this.partner, body);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("field").asString()).as(response.raw().body()).isEqualTo(field);
		assertThat(admin().get(this.partner).raw().body()).isEqualTo(before);
	}

	@Test
	void pausingAndResumingAreIdempotentAndShown() {
		assertThat(admin().post(this.partner + "/pause", "").json().get("paused").asBoolean()).isTrue();
		assertThat(admin().post(this.partner + "/pause", "").json().get("paused").asBoolean()).isTrue();
		assertThat(admin().get(this.partner).json().get("paused").asBoolean()).isTrue();
		assertThat(admin().post(this.partner + "/resume", "").json().get("paused").asBoolean()).isFalse();
		assertThat(admin().post(this.partner + "/resume", "").json().get("paused").asBoolean()).isFalse();
		for (String action : List.of("/pause", "/resume")) {
			Api.Response missing = admin().post("/api/v1/partners/999999999" + action, "");
			assertThat(missing.status()).isEqualTo(404);
			assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
		}
	}

	private JsonNode patch(String body) {
		Api.Response response = admin().patch(this.partner, body);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.json();
	}

}
