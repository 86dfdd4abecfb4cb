package io.gratitude.suppression;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounce and complaint intake ({@code POST /api/v1/events/bounces}): a hard bounce
 * suppresses the address and is recorded on the sent message; a complaint suppresses and
 * opts the contacts out; a soft bounce suppresses nothing; the same event twice changes
 * nothing more; another partner's Message-ID is unmatched and untouched; bad input writes
 * nothing.
 */
class BounceIntakeTest extends IntegrationTest {

	@Test
	void aHardBounceSuppressesTheAddressRecordsItOnTheMessageAndTheNextSaleIsSkipped() throws Exception {
		CLOCK.set("2027-07-01T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("bounced");
		String messageId = sentThankYou(shop, "h-1", email, "H-1");
		assertThat(TestMail.to(email).get(0).getMessageID()).isEqualTo(messageId);

		CLOCK.set("2027-07-01T10:05:00Z");
		String event = """
				{"events":[{"email":"%s","type":"hard","messageId":"%s","reason":"550 5.1.1 <%s>: user unknown\\r\\n",
				            "occurredAt":"2027-07-01T10:01:00Z"}]}""".formatted(email, messageId, email);
		Api.Response answer = shop.post("/api/v1/events/bounces", event);
		assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
		assertThat(answer.raw().body()).isEqualTo("{\"received\":1,\"suppressed\":1,\"matched\":1,\"unmatched\":0}");

		JsonNode suppression = shop.get("/api/v1/suppressions/" + email).json();
		assertThat(suppression.get("reason").asString()).isEqualTo("hard_bounce");
		assertThat(suppression.get("createdAt").asString()).isEqualTo("2027-07-01T10:05:00Z");

		JsonNode outreach = outreachOf(shop, "h-1").get(0);
		assertThat(outreach.get("status").asString()).isEqualTo("SENT");
		assertThat(outreach.get("reason").asString()).isEqualTo("bounced");
		assertThat(outreach.get("lastReply").asString()).isEqualTo("550 5.1.1 <" + email + ">: user unknown");
		List<JsonNode> attempts = outreach.get("attempts").valueStream().toList();
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("ACCEPTED");
		assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("BOUNCED");
		assertThat(attempts.get(1).get("at").asString()).isEqualTo("2027-07-01T10:01:00Z");
		assertThat(attempts.get(1).get("smtpReply").asString()).isEqualTo("550 5.1.1 <" + email + ">: user unknown");

		// The same event again (webhooks are delivered at least once): nothing doubles.
		// The Message-ID without its angle brackets names the same message.
		String log = shop.get("/api/v1/outreach?contactRef=h-1").raw().body();
		String list = shop.get("/api/v1/suppressions").raw().body();
		Api.Response again = shop.post("/api/v1/events/bounces",
				event.replace(messageId, messageId.substring(1, messageId.length() - 1)));
		assertThat(again.raw().body()).isEqualTo("{\"received\":1,\"suppressed\":0,\"matched\":1,\"unmatched\":0}");
		assertThat(shop.get("/api/v1/outreach?contactRef=h-1").raw().body()).isEqualTo(log);
		assertThat(shop.get("/api/v1/suppressions").raw().body()).isEqualTo(list);

		// The next sale's thank-you is never sent.
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"H-2","contactRef":"h-1","amount":5,"currency":"USD","occurredAt":"2027-07-01T10:04:00Z"}""");
		eventually().until(() -> outreachOf(shop, "h-1").stream()
			.anyMatch(o -> o.get("occasion").asString().equals("sale:H-2")
					&& o.get("status").asString().equals("SKIPPED")));
		assertThat(outreachOf(shop, "h-1")).filteredOn(o -> o.get("occasion").asString().equals("sale:H-2"))
			.singleElement()
			.satisfies(o -> assertThat(o.get("reason").asString()).isEqualTo("suppressed"));
		assertThat(TestMail.to(email)).hasSize(1);
	}

	@Test
	void aComplaintSuppressesTheAddressAndOptsTheContactsOut() {
		CLOCK.set("2027-07-02T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("annoyed");
		String messageId = sentThankYou(shop, "c-1", email, "C-1");
		// A second contact with the same address in other letters; one with another
		// address.
		shop.put("/api/v1/contacts/c-2", "{\"email\":\"%s\"}".formatted(email.toUpperCase(Locale.ROOT)));
		shop.put("/api/v1/contacts/c-3", "{\"email\":\"%s\"}".formatted(uniqueEmail("happy")));

		Api.Response answer = shop.post("/api/v1/events/bounces", """
				{"events":[{"email":"%s","type":"complaint","messageId":"%s","reason":"abuse report"}]}"""
			.formatted(email.toUpperCase(Locale.ROOT), messageId));
		assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
		assertThat(answer.raw().body()).isEqualTo("{\"received\":1,\"suppressed\":1,\"matched\":1,\"unmatched\":0}");

		assertThat(shop.get("/api/v1/suppressions/" + email).json().get("reason").asString()).isEqualTo("complaint");
		assertThat(shop.get("/api/v1/contacts/c-1").json().get("optedOut").asBoolean()).isTrue();
		assertThat(shop.get("/api/v1/contacts/c-2").json().get("optedOut").asBoolean()).isTrue();
		assertThat(shop.get("/api/v1/contacts/c-3").json().get("optedOut").asBoolean()).isFalse();
		JsonNode outreach = outreachOf(shop, "c-1").get(0);
		assertThat(outreach.get("status").asString()).isEqualTo("SENT");
		assertThat(outreach.get("attempts").get(1).get("outcome").asString()).isEqualTo("COMPLAINED");
		assertThat(outreach.get("attempts").get(1).get("smtpReply").asString()).isEqualTo("abuse report");

		// Again, without a Message-ID: unmatched, nothing more.
		String contacts = shop.get("/api/v1/contacts").raw().body();
		Api.Response again = shop.post("/api/v1/events/bounces",
				"{\"events\":[{\"email\":\"%s\",\"type\":\"complaint\"}]}".formatted(email));
		assertThat(again.raw().body()).isEqualTo("{\"received\":1,\"suppressed\":0,\"matched\":0,\"unmatched\":1}");
		assertThat(shop.get("/api/v1/contacts").raw().body()).isEqualTo(contacts);
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isEqualTo(1);
	}

	@Test
	void aSoftBounceIsRecordedOnlyAndOnce() {
		CLOCK.set("2027-07-03T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("fullbox");
		String messageId = sentThankYou(shop, "s-1", email, "S-1");
		String event = """
				{"events":[{"email":"%s","type":"soft","messageId":"%s","reason":"452 4.2.2 mailbox full"},
				           {"email":"%s","type":"soft","messageId":"<unknown@elsewhere.example>"}]}""".formatted(email,
				messageId, email);

		for (int i = 0; i < 2; i++) {
			Api.Response answer = shop.post("/api/v1/events/bounces", event);
			assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
			assertThat(answer.raw().body())
				.isEqualTo("{\"received\":2,\"suppressed\":0,\"matched\":1,\"unmatched\":1}");
		}
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isZero();
		assertThat(shop.get("/api/v1/contacts/s-1").json().get("optedOut").asBoolean()).isFalse();
		JsonNode outreach = outreachOf(shop, "s-1").get(0);
		assertThat(outreach.get("status").asString()).isEqualTo("SENT");
		assertThat(outreach.get("reason").isNull()).isTrue();
		assertThat(outreach.get("attempts").valueStream().map(a -> a.get("outcome").asString()))
			.containsExactly("ACCEPTED", "SOFT_BOUNCE");
	}

	@Test
	void aBounceForAnErasedContactsMessageKeepsNoReply() {
		CLOCK.set("2027-07-06T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("forgotten");
		String messageId = sentThankYou(shop, "e-1", email, "E-1");
		assertThat(shop.send("DELETE", "/api/v1/contacts/e-1", "application/json", "").status()).isEqualTo(204);

		Api.Response answer = shop.post("/api/v1/events/bounces", """
				{"events":[{"email":"%s","type":"hard","messageId":"%s","reason":"550 5.1.1 <%s> unknown"}]}"""
			.formatted(email, messageId, email));
		assertThat(answer.raw().body()).isEqualTo("{\"received\":1,\"suppressed\":1,\"matched\":1,\"unmatched\":0}");
		JsonNode outreach = shop.get("/api/v1/outreach?size=500").json().get("items").get(0);
		assertThat(outreach.get("reason").asString()).isEqualTo("bounced");
		assertThat(outreach.get("lastReply").isNull()).isTrue();
		assertThat(outreach.get("attempts").get(1).get("outcome").asString()).isEqualTo("BOUNCED");
		assertThat(outreach.get("attempts").get(1).get("smtpReply").isNull()).isTrue();
		assertThat(shop.get("/api/v1/outreach?size=500").raw().body()).doesNotContain(email);
	}

	@Test
	void anotherPartnersMessageIdIsUnmatchedAndItsMessageUntouched() {
		CLOCK.set("2027-07-04T10:00:00Z");
		Api a = enroll("UTC", "09:00", "18:00");
		String email = uniqueEmail("shared");
		String messageId = sentThankYou(a, "a-1", email, "A-1");
		String aLog = a.get("/api/v1/outreach?size=500").raw().body();
		String aContact = a.get("/api/v1/contacts/a-1").raw().body();

		Api b = enroll("UTC", "09:00", "18:00");
		for (String type : List.of("hard", "complaint", "soft")) {
			Api.Response answer = b.post("/api/v1/events/bounces",
					"{\"events\":[{\"email\":\"%s\",\"type\":\"%s\",\"messageId\":\"%s\",\"reason\":\"x\"}]}"
						.formatted(email, type, messageId));
			assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
			assertThat(answer.json().get("matched").asInt()).isZero();
			assertThat(answer.json().get("unmatched").asInt()).isEqualTo(1);
		}
		assertThat(a.get("/api/v1/outreach?size=500").raw().body()).isEqualTo(aLog);
		assertThat(a.get("/api/v1/contacts/a-1").raw().body()).isEqualTo(aContact);
		assertThat(a.get("/api/v1/suppressions").json().get("total").asLong()).isZero();
		// B's own list holds the address.
		assertThat(b.get("/api/v1/suppressions/" + email).json().get("reason").asString()).isEqualTo("hard_bounce");
	}

	@Test
	void aRejectedRequestWritesNothingEvenForItsValidEvents() {
		CLOCK.set("2027-07-05T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/contacts/r-1", "{\"email\":\"first@example.com\"}");
		assertBad(shop.post("/api/v1/events/bounces", """
				{"events":[{"email":"first@example.com","type":"complaint"},
				           {"email":"second@example.com","type":"hard"},
				           {"email":"third@example.com","type":"bounced"}]}"""), "events[2].type");
		assertBad(shop.post("/api/v1/events/bounces", """
				{"events":[{"email":"first@example.com","type":"hard"},{"email":"nope","type":"hard"}]}"""),
				"events[1].email");
		String many = IntStream.rangeClosed(0, 1000)
			.mapToObj(i -> "{\"email\":\"m%d@example.com\",\"type\":\"hard\"}".formatted(i))
			.collect(Collectors.joining(",", "{\"events\":[", "]}"));
		assertBad(shop.post("/api/v1/events/bounces", many), "events");
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isZero();
		assertThat(shop.get("/api/v1/contacts/r-1").json().get("optedOut").asBoolean()).isFalse();

		// Exactly 1,000 are accepted; an empty list is a no-op.
		String thousand = IntStream.range(0, 1000)
			.mapToObj(i -> "{\"email\":\"m%d@example.com\",\"type\":\"hard\"}".formatted(i))
			.collect(Collectors.joining(",", "{\"events\":[", "]}"));
		Api.Response accepted = shop.post("/api/v1/events/bounces", thousand);
		assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(200);
		assertThat(accepted.json().get("suppressed").asInt()).isEqualTo(1000);
		assertThat(shop.post("/api/v1/events/bounces", "{\"events\":[]}").raw().body())
			.isEqualTo("{\"received\":0,\"suppressed\":0,\"matched\":0,\"unmatched\":0}");
	}

	/** A contact, a sale and its thank-you sent at once; returns its Message-ID. */
	private String sentThankYou(Api shop, String ref, String email, String saleRef) {
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		assertThat(shop.put("/api/v1/contacts/" + ref, "{\"email\":\"%s\"}".formatted(email)).status()).isEqualTo(201);
		Api.Response sale = shop.post("/api/v1/sales", """
				{"externalRef":"%s","contactRef":"%s","amount":5,"currency":"USD","occurredAt":"%s"}"""
			.formatted(saleRef, ref, CLOCK.instant().minusSeconds(60)));
		assertThat(sale.status()).as(sale.raw().body()).isEqualTo(201);
		eventually().until(() -> "SENT".equals(outreachOf(shop, ref).get(0).get("status").asString()));
		assertThat(TestMail.to(email)).hasSize(1);
		return outreachOf(shop, ref).get(0).get("messageId").asString();
	}

	private static void assertBad(Api.Response response, String field) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("field").asString()).as(response.raw().body()).isEqualTo(field);
	}

}
