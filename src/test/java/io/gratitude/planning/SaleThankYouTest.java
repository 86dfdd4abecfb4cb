package io.gratitude.planning;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.Forgery;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SaleThankYouTest extends IntegrationTest {

	@Test
	void aSaleIsThankedOnceByTheContactsNameWithWhatWasBoughtFromThePartner() throws Exception {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		String email = uniqueEmail("maria");
		assertThat(shop
			.put("/api/v1/contacts/c-1",
					"""
							{"email":"%s","firstName":"Maria","lastName":"Oliveira","relationship":"CUSTOMER","timeZone":"Europe/Lisbon"}"""
						.formatted(email))
			.status()).isEqualTo(201);

		String sale = """
				{"externalRef":"ORD-991","contactRef":"c-1","amount":42.5,"currency":"EUR",
				 "occurredAt":"2027-03-10T11:58:00Z","description":"a sourdough loaf and two croissants"}""";
		Api.Response first = shop.post("/api/v1/sales", sale);
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");

		eventually().until(() -> TestMail.to(email).size() == 1);
		MimeMessage message = TestMail.to(email).get(0);
		assertThat(message.getSubject()).contains("Maria");
		assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("thanks@shop.example");
		assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Rosa at the Shop");
		assertThat(message.getSentDate()).isNotNull();
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		Multipart parts = (Multipart) message.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
		assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
		String text = (String) parts.getBodyPart(0).getContent();
		String html = (String) parts.getBodyPart(1).getContent();
		assertThat(text).contains("Maria").contains("a sourdough loaf and two croissants").contains("€42.50");
		assertThat(html).contains("Maria").contains("a sourdough loaf and two croissants");

		// Marked SENT right after the server's reply, a moment after the mail.
		eventually().until(() -> outreachOf(shop, "c-1").get(0).get("status").asString().equals("SENT"));
		JsonNode outreach = outreachOf(shop, "c-1").get(0);
		assertThat(outreach.get("status").asString()).isEqualTo("SENT");
		assertThat(outreach.get("program").asString()).isEqualTo("after-sale-thanks");
		assertThat(outreach.get("occasion").asString()).isEqualTo("sale:ORD-991");
		assertThat(outreach.get("attempts").get(0).get("smtpCode").asInt()).isEqualTo(250);
		assertThat(message.getMessageID()).isEqualTo(outreach.get("messageId").asString()).endsWith("@shop.example>");

		String unsubscribe = message.getHeader("List-Unsubscribe")[0];
		assertThat(unsubscribe).startsWith("<http://localhost:").endsWith(">").doesNotContain(email);
		assertThat(message.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
		assertThat(text).contains(unsubscribe.substring(1, unsubscribe.length() - 1));

		// The same sale again is a replay, a different one under the same reference a
		// conflict.
		Api.Response again = shop.post("/api/v1/sales", sale);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		Api.Response changed = shop.post("/api/v1/sales", sale.replace("42.5", "43"));
		assertThat(changed.status()).isEqualTo(409);
		assertThat(changed.header("Content-Type")).startsWith("application/problem+json");
		assertThat(outreachOf(shop, "c-1")).hasSize(1);
		assertThat(TestMail.to(email)).hasSize(1);

		// RFC 8058 one-click: the mail client POSTs to the header's URL; the contact is
		// opted out.
		// gratitude.public-url is the configured base; in this test the server listens on
		// a random port.
		String url = unsubscribe.substring(1, unsubscribe.length() - 1)
			.replaceFirst("^http://localhost:\\d+", "http://localhost:" + this.port);
		Api.Response unsubscribed = shop.postForm(url, "List-Unsubscribe=One-Click");
		assertThat(unsubscribed.status()).isEqualTo(200);
		assertThat(shop.get("/api/v1/contacts/c-1").json().get("optedOut").asBoolean()).isTrue();
		// Forged by changing the bytes (issue 25: editing the last characters may leave
		// them).
		String page = url.substring(0, url.lastIndexOf('/') + 1);
		String token = url.substring(page.length());
		Api.Response forgedSignature = shop.postForm(page + Forgery.withSignatureBitFlipped(token, 0),
				"List-Unsubscribe=One-Click");
		assertThat(forgedSignature.status()).isEqualTo(404);
		Api.Response forgedContact = shop.postForm(page + Forgery.withPayloadBitFlipped(token, 0),
				"List-Unsubscribe=One-Click");
		assertThat(forgedContact.status()).isEqualTo(404);
	}

	@Test
	void aSaleAtNightIsThankedWhenTheRecipientsSendWindowOpens() {
		CLOCK.set("2027-03-10T22:30:00Z"); // 23:30 in Paris
		Api shop = enroll("Europe/Paris", "09:00", "18:00");
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("night");
		shop.put("/api/v1/contacts/n-1", "{\"email\":\"%s\",\"firstName\":\"Jules\"}".formatted(email));
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"N-1","contactRef":"n-1","amount":10,"currency":"EUR","occurredAt":"2027-03-10T22:29:00Z"}""");

		List<JsonNode> planned = outreachOf(shop, "n-1");
		assertThat(planned).hasSize(1);
		assertThat(planned.get(0).get("dueAt").asString()).isEqualTo("2027-03-11T08:00:00Z");
		assertThat(planned.get(0).get("status").asString()).isEqualTo("SCHEDULED");

		CLOCK.set("2027-03-11T08:00:01Z");
		eventually().until(() -> TestMail.to(email).size() == 1);
	}

	@Test
	void anOldSaleImportedLateIsLoggedAsTooLateNotThankedDaysAfter() {
		CLOCK.set("2027-03-20T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("backfill");
		shop.put("/api/v1/contacts/old", "{\"email\":\"%s\"}".formatted(email));
		assertThat(shop.post("/api/v1/sales",
				"""
						{"externalRef":"OLD-1","contactRef":"old","amount":9,"currency":"EUR","occurredAt":"2027-03-01T10:00:00Z"}""")
			.status()).isEqualTo(201);

		JsonNode row = outreachOf(shop, "old").get(0);
		assertThat(row.get("status").asString()).isEqualTo("SKIPPED");
		assertThat(row.get("reason").asString()).isEqualTo("too_late");
		assertThat(TestMail.to(email)).isEmpty();
	}

}
