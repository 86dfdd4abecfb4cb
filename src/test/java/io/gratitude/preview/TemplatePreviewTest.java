package io.gratitude.preview;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff try a template out before anyone gets it: previews with sample data, with their
 * own data or as a stored contact would get it, and test sends to their own address that
 * never count as outreach.
 */
class TemplatePreviewTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aPreviewRendersTheNewestDraftWithTheGivenDataOrWithSampleData() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.put("/api/v1/templates/hello", """
				{"subject":"Hello ${contact.firstName}","html":"<p>${note!\\"none\\"}</p>",
				 "text":"${(items![])?size} items for ${contact.firstName}"}""").status()).isEqualTo(201);

		Api.Response own = shop.post("/api/v1/templates/hello/preview", """
				{"sampleData":{"contact":{"firstName":"Zoe"},"note":"<b>fresh</b>","items":[1,2,3]}}""");
		assertThat(own.status()).as(own.raw().body()).isEqualTo(200);
		assertThat(own.json().get("version").asInt()).isEqualTo(1);
		assertThat(own.json().get("subject").asString()).isEqualTo("Hello Zoe");
		assertThat(own.json().get("html").asString()).isEqualTo("<p>&lt;b&gt;fresh&lt;/b&gt;</p>");
		assertThat(own.json().get("text").asString()).isEqualTo("3 items for Zoe");

		Api.Response sample = shop.post("/api/v1/templates/hello/preview", "{}");
		assertThat(sample.status()).as(sample.raw().body()).isEqualTo(200);
		assertThat(sample.json().get("subject").asString()).isEqualTo("Hello Ana");
		assertThat(shop.post("/api/v1/templates/hello/preview", "").json().get("text").asString())
			.isEqualTo("0 items for Ana");
	}

	@Test
	void aPreviewForAStoredContactShowsWhatTheContactWouldGet() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/contacts/ana", """
				{"email":"%s","firstName":"Anabela","lastName":"Lima",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":15,"year":1990}]}"""
			.formatted(uniqueEmail("ana")));

		Api.Response birthday = shop.post("/api/v1/templates/birthday/preview", "{\"contactRef\":\"ana\"}");
		assertThat(birthday.status()).as(birthday.raw().body()).isEqualTo(200);
		assertThat(birthday.json().get("version").asInt()).isEqualTo(1);
		assertThat(birthday.json().get("subject").asString()).isEqualTo("Happy birthday, Anabela");
		// The contact's own date: 37 on March 15, 2027.
		assertThat(birthday.json().get("text").asString()).contains("Hi Anabela,")
			.contains("37 years")
			.contains("/unsubscribe/preview");

		// An after-sale preview thanks for the contact's latest sale.
		assertThat(shop.post("/api/v1/sales", """
				{"externalRef":"ORD-7","contactRef":"ana","amount":12,"currency":"EUR",
				 "occurredAt":"2027-03-10T11:00:00Z","description":"a rye loaf"}""").status()).isEqualTo(201);
		Api.Response thanks = shop.post("/api/v1/templates/after-sale-thanks/preview", "{\"contactRef\":\"ana\"}");
		assertThat(thanks.status()).as(thanks.raw().body()).isEqualTo(200);
		assertThat(thanks.json().get("subject").asString()).isEqualTo("Thank you, Anabela");
		assertThat(thanks.json().get("text").asString()).contains("a rye loaf").contains("order ORD-7");

		// A program named must be one of the partner's.
		assertThat(shop.post("/api/v1/templates/birthday/preview", "{\"contactRef\":\"ana\",\"program\":\"nope\"}")
			.status()).isEqualTo(422);
	}

	@Test
	void anotherPartnersContactOrTemplateIsNotFound() {
		Api a = enroll("UTC", "09:00", "18:00");
		a.put("/api/v1/contacts/ana", "{\"email\":\"%s\",\"firstName\":\"Ana\"}".formatted(uniqueEmail("ana")));
		a.put("/api/v1/templates/a-only", "{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}");
		Api b = enroll("UTC", "09:00", "18:00");

		Api.Response contact = b.post("/api/v1/templates/birthday/preview", "{\"contactRef\":\"ana\"}");
		assertThat(contact.status()).as(contact.raw().body()).isEqualTo(404);
		assertThat(contact.header("Content-Type")).startsWith("application/problem+json");
		assertThat(contact.json().get("detail").asString()).contains("ana");
		assertThat(b.post("/api/v1/templates/birthday/preview", "{\"contactRef\":\"ghost\"}").status()).isEqualTo(404);
		assertThat(b.post("/api/v1/templates/a-only/preview", "{}").status()).isEqualTo(404);
		assertThat(b.post("/api/v1/templates/a-only/test-send", "{\"to\":\"staff@shop.example\"}").status())
			.isEqualTo(404);
		assertThat(
				b.post("/api/v1/templates/birthday/test-send", "{\"to\":\"staff@shop.example\",\"contactRef\":\"ana\"}")
					.status())
			.isEqualTo(404);
	}

	@Test
	void aVersionThatDoesNotRenderIsAnswered422WithWhereItFails() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.put("/api/v1/templates/client-welcome", """
				{"subject":"Welcome","html":"<p>Welcome,\\n ${contact.nope.deeper}</p>","text":"Welcome"}""").status())
			.isEqualTo(201);

		Api.Response broken = shop.post("/api/v1/templates/client-welcome/preview", "{\"version\":2}");
		assertThat(broken.status()).as(broken.raw().body()).isEqualTo(422);
		assertThat(broken.header("Content-Type")).startsWith("application/problem+json");
		assertThat(broken.json().get("part").asString()).isEqualTo("html");
		assertThat(broken.json().get("line").asInt()).isEqualTo(2);
		assertThat(broken.json().get("column").asInt()).isPositive();
		assertThat(broken.json().get("detail").asString()).contains("html line 2");
		// Without a version: the newest draft, the same one.
		assertThat(shop.post("/api/v1/templates/client-welcome/preview", "{}").status()).isEqualTo(422);
		assertThat(shop.post("/api/v1/templates/client-welcome/preview", "{\"version\":1}").status()).isEqualTo(200);
		assertThat(shop.post("/api/v1/templates/client-welcome/preview", "{\"version\":9}").status()).isEqualTo(404);
	}

	@Test
	void aTestSendGoesToTheGivenAddressMarkedAsATestAndIsNoOutreach() throws Exception {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String contactEmail = uniqueEmail("ana");
		shop.put("/api/v1/contacts/ana", """
				{"email":"%s","firstName":"Anabela",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":20}]}""".formatted(contactEmail));
		String staff = uniqueEmail("staff");

		Api.Response sent = shop.post("/api/v1/templates/birthday/test-send",
				"{\"to\":\"%s\",\"contactRef\":\"ana\"}".formatted(staff));
		assertThat(sent.status()).as(sent.raw().body()).isEqualTo(202);
		assertThat(sent.json().get("smtpCode").asInt()).isEqualTo(250);
		assertThat(sent.json().get("smtpReply").asString()).isNotBlank();
		String messageId = sent.json().get("messageId").asString();

		eventually().until(() -> TestMail.to(staff).size() == 1);
		MimeMessage received = TestMail.to(staff).get(0);
		assertThat(received.getSubject()).isEqualTo("[Test] Happy birthday, Anabela");
		assertThat(received.getMessageID()).isEqualTo(messageId);
		assertThat(received.getHeader("List-Unsubscribe")[0]).endsWith("/unsubscribe/preview>");
		assertThat(TestMail.to(contactEmail)).isEmpty();

		// Not outreach: nothing in the send log, nothing that counts as a sent birthday.
		assertThat(shop.get("/api/v1/outreach?size=500").json().get("items").valueStream().toList()).isEmpty();
		List<String> logged = this.jdbc
			.sql("SELECT CONCAT(template_key, ' v', version, ' ', smtp_code) FROM test_send"
					+ " WHERE partner_id = ? AND to_address = ?")
			.params(this.partnerId, staff)
			.query(String.class)
			.list();
		assertThat(logged).containsExactly("birthday v1 250");

		// With sample data instead of a contact.
		assertThat(shop.post("/api/v1/templates/client-welcome/test-send", "{\"to\":\"%s\"}".formatted(staff)).status())
			.isEqualTo(202);
		eventually().until(() -> TestMail.to(staff).size() == 2);
		assertThat(TestMail.to(staff).get(1).getSubject()).isEqualTo("[Test] Welcome, Ana, and thank you");
	}

	@Test
	void aTestSendToAnInvalidAddressIsRefusedAndSendsNothing() {
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String body : List.of("{\"to\":\"not-an-address\"}", "{}", "{\"to\":\"x@y.z\\r\\nBcc: a@b.example\"}")) {
			Api.Response refused = shop.post("/api/v1/templates/birthday/test-send", body);
			assertThat(refused.status()).as(refused.raw().body()).isEqualTo(400);
			assertThat(refused.json().get("field").asString()).isEqualTo("to");
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM test_send WHERE partner_id = ?")
			.param(this.partnerId)
			.query(Long.class)
			.single()).isZero();
	}

}
