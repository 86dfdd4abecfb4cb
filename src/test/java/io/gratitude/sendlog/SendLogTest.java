package io.gratitude.sendlog;

import java.util.ArrayList;
import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.TemplateSource;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send log over the API: filters, one outreach with its rendered message, cancelling,
 * the CSV export and the stats.
 */
class SendLogTest extends IntegrationTest {

	@Autowired
	MessageTemplates templates;

	private static String sale(String ref, String contact, String occurredAt) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":"24.90","currency":"EUR","occurredAt":"%s",
				 "description":"a loaf, \\"the good one\\""}""".formatted(ref.replace("\"", "\\\""), contact,
				occurredAt);
	}

	/**
	 * A partner with three rows: a sale thanked at once (SENT), a sale thanked in a day
	 * (SCHEDULED, due 2027-06-11T12:00Z) and a birthday (SCHEDULED, due
	 * 2027-06-12T09:00Z).
	 */
	private Api shopWithThreeRows(String anaEmail) {
		CLOCK.set("2027-06-10T12:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		shop.put("/api/v1/contacts/ana", "{\"email\":\"%s\",\"firstName\":\"Ana\"}".formatted(anaEmail));
		shop.put("/api/v1/contacts/ben", """
				{"email":"%s","firstName":"Ben","significantDates":[{"kind":"BIRTHDAY","month":6,"day":12}]}"""
			.formatted(uniqueEmail("ben")));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		assertThat(shop.post("/api/v1/sales", sale("ORD-1, \"gift\"", "ana", "2027-06-10T12:00:00Z")).status())
			.isEqualTo(201);
		eventually().until(() -> TestMail.to(anaEmail).size() == 1);
		eventually().until(() -> "SENT".equals(status(shop, "sale:ORD-1, \"gift\"")));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT24H\"}");
		shop.post("/api/v1/sales", sale("ORD-2", "ana", "2027-06-10T12:00:00Z"));
		return shop;
	}

	@Test
	void theLogIsFilteredByStatusProgramContactAndDueAndSentRanges() {
		Api shop = shopWithThreeRows(uniqueEmail("ana"));

		assertThat(occasions(shop, "")).containsExactly("birthday@2027-06-12", "sale:ORD-2", "sale:ORD-1, \"gift\"");
		assertThat(occasions(shop, "status=SENT")).containsExactly("sale:ORD-1, \"gift\"");
		assertThat(occasions(shop, "status=SCHEDULED")).containsExactly("birthday@2027-06-12", "sale:ORD-2");
		assertThat(occasions(shop, "program=birthday")).containsExactly("birthday@2027-06-12");
		assertThat(occasions(shop, "program=after-sale-thanks")).containsExactly("sale:ORD-2", "sale:ORD-1, \"gift\"");
		assertThat(occasions(shop, "program=after-sale-thanks&status=SCHEDULED")).containsExactly("sale:ORD-2");
		assertThat(occasions(shop, "contactRef=ben")).containsExactly("birthday@2027-06-12");
		assertThat(occasions(shop, "program=no-such-program")).isEmpty();
		// Ranges include their start and exclude their end.
		assertThat(occasions(shop, "dueFrom=2027-06-11T12:00:00Z")).containsExactly("birthday@2027-06-12",
				"sale:ORD-2");
		assertThat(occasions(shop, "dueTo=2027-06-11T12:00:00Z")).containsExactly("sale:ORD-1, \"gift\"");
		assertThat(occasions(shop, "dueFrom=2027-06-11T00:00:00Z&dueTo=2027-06-12T00:00:00Z"))
			.containsExactly("sale:ORD-2");
		assertThat(occasions(shop, "sentFrom=2027-06-10T00:00:00Z")).containsExactly("sale:ORD-1, \"gift\"");
		assertThat(occasions(shop, "sentTo=2027-06-10T00:00:00Z")).isEmpty();
		assertThat(occasions(shop, "sentFrom=2027-06-10T00:00:00Z&status=SCHEDULED")).isEmpty();

		Api.Response page = shop.get("/api/v1/outreach?program=after-sale-thanks&size=1&page=1");
		assertThat(page.json().get("total").asLong()).isEqualTo(2);
		assertThat(page.json().get("items").get(0).get("occasion").asString()).isEqualTo("sale:ORD-1, \"gift\"");
		assertThat(page.json().get("items").get(0).get("attempts").get(0).get("smtpCode").asInt()).isEqualTo(250);

		Api.Response backwards = shop.get("/api/v1/outreach?dueFrom=2027-06-12T00:00:00Z&dueTo=2027-06-11T00:00:00Z");
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.json().get("field").asString()).isEqualTo("dueTo");
	}

	@Test
	void oneOutreachShowsItsAttemptsAndTheMessageExactlyAsItWasSent() throws Exception {
		CLOCK.set("2027-06-15T12:00:00Z");
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		String email = uniqueEmail("ana");
		shop.put("/api/v1/contacts/ana", """
				{"email":"%s","firstName":"Ana","lastName":"Lima","locale":"pt-BR","relationship":"CUSTOMER"}"""
			.formatted(email));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		shop.post("/api/v1/sales", sale("ORD-1, \"gift\"", "ana", "2027-06-15T11:59:00Z"));
		eventually().until(() -> TestMail.to(email).size() == 1);
		eventually().until(() -> "SENT".equals(status(shop, "sale:ORD-1, \"gift\"")));
		JsonNode sent = row(shop, "sale:ORD-1, \"gift\"");

		Api.Response response = shop.get("/api/v1/outreach/" + sent.get("id").asLong());
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		JsonNode detail = response.json();
		assertThat(detail.get("status").asString()).isEqualTo("SENT");
		assertThat(detail.get("program").asString()).isEqualTo("after-sale-thanks");
		assertThat(detail.get("contactRef").asString()).isEqualTo("ana");
		assertThat(detail.get("messageId").asString()).isEqualTo(sent.get("messageId").asString());
		assertThat(detail.get("attempts")).hasSize(1);
		assertThat(detail.get("attempts").get(0).get("smtpCode").asInt()).isEqualTo(250);
		assertThat(detail.get("renderError").isNull()).isTrue();

		MimeMessage mail = TestMail.to(email).get(0);
		Multipart parts = (Multipart) mail.getContent();
		JsonNode rendered = detail.get("rendered");
		assertThat(rendered.get("subject").asString()).isEqualTo(mail.getSubject());
		assertThat(lines(rendered.get("text").asString())).isEqualTo(lines((String) parts.getBodyPart(0).getContent()));
		assertThat(lines(rendered.get("html").asString())).isEqualTo(lines((String) parts.getBodyPart(1).getContent()));
		assertThat(rendered.get("text").asString()).contains("Ana").contains("a loaf, \"the good one\"");

		// Rendered with the template published now: a new version shows at once.
		this.templates.publishNewVersion(this.partnerId, "after-sale-thanks",
				new TemplateSource("v2", "Merci ${contact.firstName}", "<p>Merci</p>", "Merci"), CLOCK.instant());
		JsonNode again = shop.get("/api/v1/outreach/" + sent.get("id").asLong()).json();
		assertThat(again.get("rendered").get("subject").asString()).isEqualTo("Merci Ana");

		// A template that fails: no message, the error instead.
		this.templates.publishNewVersion(this.partnerId, "after-sale-thanks",
				new TemplateSource("v3", "Hi ${contact.nickname}", "<p>x</p>", "x"), CLOCK.instant());
		JsonNode broken = shop.get("/api/v1/outreach/" + sent.get("id").asLong()).json();
		assertThat(broken.get("rendered").isNull()).isTrue();
		assertThat(broken.get("renderError").asString()).startsWith("subject").contains("nickname");
	}

	@Test
	void anotherPartnersOutreachIsAsAbsentAsOneThatDoesNotExist() {
		Api shop = shopWithThreeRows(uniqueEmail("ana"));
		long id = row(shop, "sale:ORD-2").get("id").asLong();
		Api other = enroll("UTC", "09:00", "18:00");

		Api.Response read = other.get("/api/v1/outreach/" + id);
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.header("Content-Type")).startsWith("application/problem+json");
		assertThat(other.get("/api/v1/outreach/999999999").status()).isEqualTo(404);
		assertThat(other.post("/api/v1/outreach/" + id + "/cancel", "").status()).isEqualTo(404);
		assertThat(status(shop, "sale:ORD-2")).isEqualTo("SCHEDULED");
		assertThat(other.get("/api/v1/outreach.csv").raw().body().split("\r\n")).hasSize(1);
		assertThat(other.get("/api/v1/stats?from=2027-06-01T00:00:00Z&to=2027-07-01T00:00:00Z")
			.json()
			.get("total")
			.asLong()).isZero();
	}

	@Test
	void aCancelledScheduledOutreachIsNeverSent() {
		CLOCK.set("2027-06-20T12:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT1H\"}");
		String cancelledEmail = uniqueEmail("cancelled");
		String controlEmail = uniqueEmail("control");
		shop.put("/api/v1/contacts/c", "{\"email\":\"%s\"}".formatted(cancelledEmail));
		shop.put("/api/v1/contacts/k", "{\"email\":\"%s\"}".formatted(controlEmail));
		shop.post("/api/v1/sales", sale("C-1", "c", "2027-06-20T12:00:00Z"));
		shop.post("/api/v1/sales", sale("K-1", "k", "2027-06-20T12:00:00Z"));
		long id = row(shop, "sale:C-1").get("id").asLong();

		Api.Response cancelled = shop.post("/api/v1/outreach/" + id + "/cancel", "");
		assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().get("reason").asString()).isEqualTo("cancelled_by_partner");

		// Both were due at the same time: once the other one is sent, the dispatcher has
		// been past the cancelled one.
		CLOCK.set("2027-06-20T13:00:01Z");
		eventually().until(() -> TestMail.to(controlEmail).size() == 1);
		eventually().until(() -> "SENT".equals(status(shop, "sale:K-1")));
		assertThat(TestMail.to(cancelledEmail)).isEmpty();
		JsonNode row = row(shop, "sale:C-1");
		assertThat(row.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(row.get("attempts")).isEmpty();

		// Cancelling again: it is no longer waiting.
		Api.Response twice = shop.post("/api/v1/outreach/" + id + "/cancel", "");
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.json().get("outreachStatus").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void aSentOutreachCannotBeCancelled() {
		Api shop = shopWithThreeRows(uniqueEmail("ana"));
		JsonNode sent = row(shop, "sale:ORD-1, \"gift\"");

		Api.Response response = shop.post("/api/v1/outreach/" + sent.get("id").asLong() + "/cancel", "");
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("SENT");
		JsonNode after = row(shop, "sale:ORD-1, \"gift\"");
		assertThat(after.get("status").asString()).isEqualTo("SENT");
		assertThat(after.get("reason").isNull()).isTrue();
	}

	@Test
	void theCsvExportParsesBackToTheLogRowByRow() {
		Api shop = shopWithThreeRows(uniqueEmail("ana"));

		Api.Response csv = shop.get("/api/v1/outreach.csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		assertThat(csv.raw().body()).contains("\"sale:ORD-1, \"\"gift\"\"\"").endsWith("\r\n");
		List<List<String>> records = parseCsv(csv.raw().body());
		assertThat(records.get(0)).containsExactly("id", "program", "contactRef", "occasion", "status", "reason",
				"dueAt", "sentAt", "messageId", "attempts", "lastReply");
		List<JsonNode> log = shop.get("/api/v1/outreach").json().get("items").valueStream().toList();
		// Oldest first by id.
		List<JsonNode> byId = log.stream()
			.sorted((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()))
			.toList();
		assertThat(records).hasSize(1 + byId.size());
		for (int i = 0; i < byId.size(); i++) {
			JsonNode expected = byId.get(i);
			assertThat(records.get(i + 1)).containsExactly(expected.get("id").asString(),
					expected.get("program").asString(), expected.get("contactRef").asString(),
					expected.get("occasion").asString(), expected.get("status").asString(), text(expected, "reason"),
					expected.get("dueAt").asString(), text(expected, "sentAt"), expected.get("messageId").asString(),
					String.valueOf(expected.get("attempts").size()), text(expected, "lastReply"));
		}

		// The same filters as the list.
		List<List<String>> scheduled = parseCsv(
				shop.get("/api/v1/outreach.csv?status=SCHEDULED&program=after-sale-thanks").raw().body());
		assertThat(scheduled).hasSize(2);
		assertThat(scheduled.get(1).get(3)).isEqualTo("sale:ORD-2");
		Api.Response bad = shop.get("/api/v1/outreach.csv?status=LOST");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("field").asString()).isEqualTo("status");
	}

	@Test
	void statsCountByStatusAndProgramOverTheDueRange() {
		Api shop = shopWithThreeRows(uniqueEmail("ana"));

		JsonNode all = shop.get("/api/v1/stats?from=2027-06-10T00:00:00Z&to=2027-06-13T00:00:00Z").json();
		assertThat(all.get("from").asString()).isEqualTo("2027-06-10T00:00:00Z");
		assertThat(all.get("to").asString()).isEqualTo("2027-06-13T00:00:00Z");
		assertThat(all.get("total").asLong()).isEqualTo(3);
		assertThat(all.get("byStatus").get("SENT").asLong()).isEqualTo(1);
		assertThat(all.get("byStatus").get("SCHEDULED").asLong()).isEqualTo(2);
		assertThat(all.get("byStatus").get("FAILED").asLong()).isZero();
		assertThat(all.get("byProgram").propertyNames()).containsExactly("after-sale-thanks", "birthday");
		assertThat(all.get("byProgram").get("after-sale-thanks").get("SENT").asLong()).isEqualTo(1);
		assertThat(all.get("byProgram").get("after-sale-thanks").get("SCHEDULED").asLong()).isEqualTo(1);
		assertThat(all.get("byProgram").get("birthday").get("SCHEDULED").asLong()).isEqualTo(1);
		assertThat(all.get("byProgram").get("birthday").get("SENT").asLong()).isZero();

		JsonNode firstDay = shop.get("/api/v1/stats?from=2027-06-10T00:00:00Z&to=2027-06-11T12:00:00Z").json();
		assertThat(firstDay.get("total").asLong()).isEqualTo(1);
		assertThat(firstDay.get("byStatus").get("SENT").asLong()).isEqualTo(1);
		assertThat(firstDay.get("byProgram").propertyNames()).containsExactly("after-sale-thanks");

		Api.Response missing = shop.get("/api/v1/stats?to=2027-06-11T00:00:00Z");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("field").asString()).isEqualTo("from");
	}

	private static String status(Api shop, String occasion) {
		return row(shop, occasion).get("status").asString();
	}

	private static JsonNode row(Api shop, String occasion) {
		Api.Response response = shop.get("/api/v1/outreach?size=500");
		return response.json()
			.get("items")
			.valueStream()
			.filter(o -> o.get("occasion").asString().equals(occasion))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no outreach " + occasion + " in " + response.raw().body()));
	}

	private static List<String> occasions(Api shop, String query) {
		Api.Response response = shop.get("/api/v1/outreach?" + query);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.json().get("total").asLong()).isEqualTo(response.json().get("items").size());
		return response.json().get("items").valueStream().map(o -> o.get("occasion").asString()).toList();
	}

	private static String text(JsonNode node, String field) {
		return node.get(field).isNull() ? "" : node.get(field).asString();
	}

	private static List<String> lines(String text) {
		return text.lines().toList();
	}

	/** A strict RFC 4180 reader: fails on anything the format does not allow. */
	static List<List<String>> parseCsv(String csv) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int i = 0;
		while (i < csv.length()) {
			if (csv.charAt(i) == '"') {
				i++;
				while (true) {
					if (i >= csv.length()) {
						throw new AssertionError("unterminated quoted field");
					}
					char c = csv.charAt(i++);
					if (c == '"') {
						if (i < csv.length() && csv.charAt(i) == '"') {
							field.append('"');
							i++;
						}
						else {
							break;
						}
					}
					else {
						field.append(c);
					}
				}
			}
			else {
				while (i < csv.length() && csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
					char c = csv.charAt(i++);
					if (c == '"' || c == '\n') {
						throw new AssertionError("unquoted field holds " + c);
					}
					field.append(c);
				}
			}
			record.add(field.toString());
			field.setLength(0);
			if (i < csv.length() && csv.charAt(i) == ',') {
				i++;
				continue;
			}
			if (!csv.startsWith("\r\n", i)) {
				throw new AssertionError("a record must end with CRLF at " + i);
			}
			i += 2;
			records.add(record);
			record = new ArrayList<>();
		}
		return records;
	}

}
