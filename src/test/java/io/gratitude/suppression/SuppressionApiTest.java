package io.gratitude.suppression;

import java.util.List;
import java.util.Locale;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suppression list over the API: add (idempotent), read, list with filters and pages,
 * remove; partner isolation; a suppressed address gets nothing; and the unsubscribe link
 * puts the address on the list.
 */
class SuppressionApiTest extends IntegrationTest {

	@Test
	void anAddressIsSuppressedOnceReadCaseInsensitivelyAndRemoved() {
		CLOCK.set("2027-06-01T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");

		Api.Response created = shop.post("/api/v1/suppressions", "{\"email\":\" Zoe.Q@Example.COM \"}");
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/suppressions/zoe.q@example.com");
		assertThat(created.json().get("email").asString()).isEqualTo("zoe.q@example.com");
		assertThat(created.json().get("reason").asString()).isEqualTo("manual");
		assertThat(created.json().get("createdAt").asString()).isEqualTo("2027-06-01T10:00:00Z");
		assertThat(created.json().propertyNames()).containsExactlyInAnyOrder("email", "reason", "createdAt");

		assertThat(shop.get(created.header("Location")).raw().body()).isEqualTo(created.raw().body());
		assertThat(shop.get("/api/v1/suppressions/ZOE.Q@example.com").raw().body()).isEqualTo(created.raw().body());

		// Again, with another reason and later: the first entry stands.
		CLOCK.set("2027-06-01T11:00:00Z");
		Api.Response again = shop.post("/api/v1/suppressions",
				"{\"email\":\"zoe.q@example.com\",\"reason\":\"complaint\"}");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.header("Location")).isNull();
		assertThat(again.raw().body()).isEqualTo(created.raw().body());
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isEqualTo(1);

		Api.Response removed = shop.send("DELETE", "/api/v1/suppressions/Zoe.Q@example.com", "application/json", "");
		assertThat(removed.status()).isEqualTo(204);
		Api.Response gone = shop.get("/api/v1/suppressions/zoe.q@example.com");
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
		assertThat(shop.send("DELETE", "/api/v1/suppressions/zoe.q@example.com", "application/json", "").status())
			.isEqualTo(404);
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isZero();

		// Each reason is accepted.
		for (String reason : List.of("manual", "unsubscribed", "hard_bounce", "complaint")) {
			Api.Response response = shop.post("/api/v1/suppressions",
					"{\"email\":\"%s@example.com\",\"reason\":\"%s\"}".formatted(reason.replace('_', '-'), reason));
			assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
			assertThat(response.json().get("reason").asString()).isEqualTo(reason);
		}
	}

	@Test
	void theListIsNewestFirstFilteredAndPaged() {
		Api shop = enroll("UTC", "09:00", "18:00");
		CLOCK.set("2027-06-02T10:00:00Z");
		suppress(shop, "first_one@example.com", "hard_bounce");
		CLOCK.set("2027-06-02T10:01:00Z");
		suppress(shop, "second@example.com", "complaint");
		// The same instant: the id breaks the tie.
		suppress(shop, "third@shop.example", "hard_bounce");
		CLOCK.set("2027-06-02T10:02:00Z");
		suppress(shop, "firstXone@example.com", null);

		JsonNode all = shop.get("/api/v1/suppressions").json();
		assertThat(emails(all)).containsExactly("firstxone@example.com", "third@shop.example", "second@example.com",
				"first_one@example.com");
		assertThat(all.get("page").asInt()).isZero();
		assertThat(all.get("size").asInt()).isEqualTo(50);
		assertThat(all.get("total").asLong()).isEqualTo(4);

		JsonNode bounced = shop.get("/api/v1/suppressions?reason=hard_bounce").json();
		assertThat(emails(bounced)).containsExactly("third@shop.example", "first_one@example.com");
		assertThat(bounced.get("total").asLong()).isEqualTo(2);

		// Text in the address, case-insensitive; '_' and '%' are literal.
		assertThat(emails(shop.get("/api/v1/suppressions?q=EXAMPLE.COM").json())).hasSize(3);
		assertThat(emails(shop.get("/api/v1/suppressions?q=first_").json())).containsExactly("first_one@example.com");
		assertThat(emails(shop.get("/api/v1/suppressions?q=%25").json())).isEmpty();
		assertThat(emails(shop.get("/api/v1/suppressions?q=shop&reason=complaint").json())).isEmpty();

		JsonNode second = shop.get("/api/v1/suppressions?page=1&size=3").json();
		assertThat(emails(second)).containsExactly("first_one@example.com");
		assertThat(second.get("page").asInt()).isEqualTo(1);
		assertThat(second.get("size").asInt()).isEqualTo(3);
		assertThat(second.get("total").asLong()).isEqualTo(4);
		assertThat(emails(shop.get("/api/v1/suppressions?page=0&size=3").json()))
			.containsExactly("firstxone@example.com", "third@shop.example", "second@example.com");
	}

	@Test
	void badInputIsRefusedNamingTheFieldAndWritesNothing() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertBad(shop.post("/api/v1/suppressions", "{}"), "email");
		assertBad(shop.post("/api/v1/suppressions", "{\"email\":\"not-an-address\"}"), "email");
		assertBad(shop.post("/api/v1/suppressions", "{\"email\":\"a@b.example\\r\\nBcc: x@y.z\"}"), "email");
		assertBad(shop.post("/api/v1/suppressions", "{\"email\":\"ok@example.com\",\"reason\":\"spam\"}"), "reason");
		assertBad(shop.post("/api/v1/suppressions", "{\"email\":\"ok@example.com\",\"reason\":\"MANUAL\"}"), "reason");
		assertBad(shop.post("/api/v1/suppressions", "{\"email\":\"ok@example.com\",\"reason\":3}"), "reason");
		assertBad(shop.post("/api/v1/suppressions", "{\"email\":42}"), "email");
		assertBad(shop.post("/api/v1/suppressions", ""), "body");
		assertBad(shop.get("/api/v1/suppressions?reason=spam"), "reason");
		assertBad(shop.get("/api/v1/suppressions?size=501"), "size");
		assertBad(shop.get("/api/v1/suppressions?page=-1"), "page");
		assertBad(shop.get("/api/v1/suppressions?q=" + "x".repeat(321)), "q");
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isZero();
		assertThat(shop.get("/api/v1/suppressions/ok@example.com").status()).isEqualTo(404);
	}

	@Test
	void anotherPartnersSuppressionIsNotFoundExactlyLikeAMissingOne() {
		CLOCK.set("2027-06-03T10:00:00Z");
		Api a = enroll("UTC", "09:00", "18:00");
		suppress(a, "private.person@example.com", "complaint");
		Api b = enroll("UTC", "09:00", "18:00");

		Api.Response seen = b.get("/api/v1/suppressions/private.person@example.com");
		Api.Response missing = b.get("/api/v1/suppressions/nobody.at.all@example.com");
		assertThat(seen.status()).isEqualTo(404);
		assertThat(seen.raw().body().replace("private.person", "nobody.at.all")).isEqualTo(missing.raw().body());
		assertThat(b.send("DELETE", "/api/v1/suppressions/private.person@example.com", "application/json", "").status())
			.isEqualTo(404);
		assertThat(b.get("/api/v1/suppressions").json().get("total").asLong()).isZero();
		assertThat(b.get("/api/v1/suppressions?q=private").raw().body()).doesNotContain("private.person");

		// Each partner has its own list: B suppressing the address is B's own entry.
		Api.Response own = b.post("/api/v1/suppressions", "{\"email\":\"private.person@example.com\"}");
		assertThat(own.status()).isEqualTo(201);
		assertThat(own.json().get("reason").asString()).isEqualTo("manual");
		JsonNode aEntry = a.get("/api/v1/suppressions/private.person@example.com").json();
		assertThat(aEntry.get("reason").asString()).isEqualTo("complaint");
		assertThat(a.get("/api/v1/suppressions").json().get("total").asLong()).isEqualTo(1);
	}

	@Test
	void anAddressSuppressedThroughTheApiGetsNothingUntilItIsRemoved() {
		CLOCK.set("2027-06-04T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("suppressed");
		shop.put("/api/v1/contacts/s-1", "{\"email\":\"%s\"}".formatted(email));
		// Suppressed in another case than the contact's address.
		String shouted = email.toUpperCase(Locale.ROOT);
		Api.Response suppressed = shop.post("/api/v1/suppressions",
				"{\"email\":\"%s\",\"reason\":\"hard_bounce\"}".formatted(shouted));
		assertThat(suppressed.status()).isEqualTo(201);
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-1","contactRef":"s-1","amount":5,"currency":"USD","occurredAt":"2027-06-04T09:59:00Z"}""");

		eventually().until(() -> "SKIPPED".equals(outreachOf(shop, "s-1").get(0).get("status").asString()));
		assertThat(outreachOf(shop, "s-1").get(0).get("reason").asString()).isEqualTo("suppressed");
		assertThat(TestMail.to(email)).isEmpty();

		// Off the list again (the contact never opted out): the next sale is thanked.
		assertThat(shop.send("DELETE", "/api/v1/suppressions/" + email, "application/json", "").status())
			.isEqualTo(204);
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-2","contactRef":"s-1","amount":5,"currency":"USD","occurredAt":"2027-06-04T09:59:30Z"}""");
		eventually().until(() -> TestMail.to(email).size() == 1);
		// Marked SENT right after the server's reply, a moment after the mail.
		eventually().untilAsserted(() -> assertThat(outreachOf(shop, "s-1")).anySatisfy(o -> {
			assertThat(o.get("occasion").asString()).isEqualTo("sale:S-2");
			assertThat(o.get("status").asString()).isEqualTo("SENT");
		}));
	}

	@Test
	void theUnsubscribeLinkAsksFirstThenOneClickPutsTheAddressOnTheList() throws Exception {
		CLOCK.set("2027-06-05T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("leaving");
		shop.put("/api/v1/contacts/u-1", "{\"email\":\"%s\"}".formatted(email));
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"U-1","contactRef":"u-1","amount":5,"currency":"USD","occurredAt":"2027-06-05T09:59:00Z"}""");
		eventually().until(() -> TestMail.to(email).size() == 1);
		MimeMessage message = TestMail.to(email).get(0);
		String header = message.getHeader("List-Unsubscribe")[0];
		String url = header.substring(1, header.length() - 1)
			.replaceFirst("^http://localhost:\\d+", "http://localhost:" + this.port);
		String path = url.substring(url.indexOf("/unsubscribe/"));

		// GET (a person, a link scanner) shows a confirmation page, changes nothing.
		Api.Response page = new Api(this.port, null).get(path);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.raw().body()).contains("<form method=\"post\">");
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isZero();
		assertThat(shop.get("/api/v1/contacts/u-1").json().get("optedOut").asBoolean()).isFalse();

		// RFC 8058 one-click: suppressed at once, 200.
		Api.Response unsubscribed = shop.postForm(url, "List-Unsubscribe=One-Click");
		assertThat(unsubscribed.status()).isEqualTo(200);
		JsonNode listed = shop.get("/api/v1/suppressions?reason=unsubscribed").json();
		assertThat(listed.get("total").asLong()).isEqualTo(1);
		assertThat(listed.get("items").get(0).get("email").asString()).isEqualTo(email);
		assertThat(listed.get("items").get(0).get("reason").asString()).isEqualTo("unsubscribed");
		assertThat(listed.get("items").get(0).get("createdAt").asString()).isEqualTo("2027-06-05T10:00:00Z");
		assertThat(shop.get("/api/v1/contacts/u-1").json().get("optedOut").asBoolean()).isTrue();
		// A second click changes nothing.
		assertThat(shop.postForm(url, "List-Unsubscribe=One-Click").status()).isEqualTo(200);
		assertThat(shop.get("/api/v1/suppressions").json().get("total").asLong()).isEqualTo(1);

		// Removing the suppression does not opt the contact back in.
		assertThat(shop.send("DELETE", "/api/v1/suppressions/" + email, "application/json", "").status())
			.isEqualTo(204);
		assertThat(shop.get("/api/v1/contacts/u-1").json().get("optedOut").asBoolean()).isTrue();
	}

	private static void suppress(Api shop, String email, String reason) {
		String body = (reason != null) ? "{\"email\":\"%s\",\"reason\":\"%s\"}".formatted(email, reason)
				: "{\"email\":\"%s\"}".formatted(email);
		Api.Response response = shop.post("/api/v1/suppressions", body);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
	}

	private static List<String> emails(JsonNode page) {
		return page.get("items").valueStream().map(item -> item.get("email").asString()).toList();
	}

	private static void assertBad(Api.Response response, String field) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("field").asString()).as(response.raw().body()).isEqualTo(field);
	}

}
