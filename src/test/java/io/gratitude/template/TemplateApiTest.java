package io.gratitude.template;

import java.util.ArrayList;
import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners write their own templates over the API: drafts are checked by the sandbox,
 * publication renders with sample data first, the published version is what gets sent,
 * and no partner sees another's templates.
 */
class TemplateApiTest extends IntegrationTest {

	private static final String OWN_THANKS = """
			{"subject":"A note from ${partner.name} for ${contact.firstName!\\"you\\"}",
			 "html":"<p>Dear ${contact.firstName!\\"friend\\"}, the whole team thanks you for ${sale.description!\\"your order\\"}.</p>",
			 "text":"Dear ${contact.firstName!\\"friend\\"}, the whole team thanks you for ${sale.description!\\"your order\\"}.\\nUnsubscribe: ${unsubscribeUrl}"}""";

	@Test
	void aPublishedOverrideIsWhatTheNextSaleIsThankedWithWhileOtherPartnersKeepTheDefault() throws Exception {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api other = enroll("UTC", "09:00", "18:00");
		Api shop = enroll("UTC", "09:00", "18:00");
		// Two sales, two thank-yous: no frequency cap here.
		assertThat(admin().patch("/api/v1/partners/" + this.partnerId, "{\"frequencyCapHours\":0}").status())
			.isEqualTo(200);
		for (Api partner : List.of(shop, other)) {
			assertThat(partner.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status())
				.isEqualTo(200);
		}
		String email = uniqueEmail("maria");
		shop.put("/api/v1/contacts/c-1", "{\"email\":\"%s\",\"firstName\":\"Maria\"}".formatted(email));

		Api.Response draft = shop.put("/api/v1/templates/after-sale-thanks", OWN_THANKS);
		assertThat(draft.status()).as(draft.raw().body()).isEqualTo(201);
		assertThat(draft.json().get("key").asString()).isEqualTo("after-sale-thanks");
		assertThat(draft.json().get("version").asInt()).isEqualTo(2);
		assertThat(draft.json().get("status").asString()).isEqualTo("DRAFT");
		assertThat(draft.header("Location")).endsWith("/api/v1/templates/after-sale-thanks/versions/2");

		// A draft is not sent.
		sell(shop, "ORD-1", "c-1", "a rye loaf");
		eventually().until(() -> TestMail.to(email).size() == 1);
		assertThat(TestMail.to(email).get(0).getSubject()).isEqualTo("Thank you, Maria");

		Api.Response published = shop.post("/api/v1/templates/after-sale-thanks/publish", "{}");
		assertThat(published.status()).as(published.raw().body()).isEqualTo(200);
		assertThat(published.json().get("version").asInt()).isEqualTo(2);
		assertThat(published.json().get("status").asString()).isEqualTo("PUBLISHED");
		JsonNode template = shop.get("/api/v1/templates/after-sale-thanks").json();
		assertThat(template.get("publishedVersion").asInt()).isEqualTo(2);
		assertThat(template.get("latestVersion").asInt()).isEqualTo(2);
		assertThat(template.get("subject").asString()).startsWith("A note from ${partner.name}");

		sell(shop, "ORD-2", "c-1", "a seeded batch");
		eventually().until(() -> TestMail.to(email).size() == 2);
		MimeMessage own = TestMail.to(email)
			.stream()
			.filter((m) -> !subjectOf(m).equals("Thank you, Maria"))
			.findFirst()
			.orElseThrow();
		assertThat(own.getSubject()).startsWith("A note from Shop ").endsWith(" for Maria");
		assertThat(textOf(own)).contains("Dear Maria, the whole team thanks you for a seeded batch.");

		// The other partner's template is untouched: its buyer gets the default.
		String otherEmail = uniqueEmail("bea");
		other.put("/api/v1/contacts/c-1", "{\"email\":\"%s\",\"firstName\":\"Bea\"}".formatted(otherEmail));
		sell(other, "ORD-1", "c-1", "a rye loaf");
		eventually().until(() -> TestMail.to(otherEmail).size() == 1);
		MimeMessage theirs = TestMail.to(otherEmail).get(0);
		assertThat(theirs.getSubject()).isEqualTo("Thank you, Bea");
		assertThat(textOf(theirs)).doesNotContain("the whole team");
		assertThat(other.get("/api/v1/templates/after-sale-thanks").json().get("publishedVersion").asInt())
			.isEqualTo(1);
	}

	@Test
	void aTemplateIncludesThePartnersOwnPublishedFooterAndNoOneElses() throws Exception {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api other = enroll("UTC", "09:00", "18:00");
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(admin().patch("/api/v1/partners/" + this.partnerId, "{\"frequencyCapHours\":0}").status())
			.isEqualTo(200);
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		String footer = """
				{"subject":"","html":"<footer>Rosa at ${partner.name}, %s</footer>","text":"-- Rosa, %s"}""";
		assertThat(shop.put("/api/v1/templates/footer", footer.formatted("first", "first")).status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/footer/publish", "{}").status()).isEqualTo(200);
		String thanks = """
				{"subject":"Thanks, ${contact.firstName}",
				 "html":"<p>Thank you for ${sale.description!\\"your order\\"}.</p><#include \\"footer\\">",
				 "text":"Thank you for ${sale.description!\\"your order\\"}.\\n<#include \\"footer\\">"}""";
		assertThat(shop.put("/api/v1/templates/after-sale-thanks", thanks).status()).isEqualTo(201);
		Api.Response published = shop.post("/api/v1/templates/after-sale-thanks/publish", "{}");
		assertThat(published.status()).as(published.raw().body()).isEqualTo(200);
		Api.Response preview = shop.post("/api/v1/templates/after-sale-thanks/preview", "{}");
		// the sample data's partner
		assertThat(preview.json().get("html").asString()).endsWith("<footer>Rosa at Rosa&#39;s Bakery, first</footer>");

		String email = uniqueEmail("ines");
		shop.put("/api/v1/contacts/c-1", "{\"email\":\"%s\",\"firstName\":\"Ines\"}".formatted(email));
		sell(shop, "ORD-1", "c-1", "a rye loaf");
		eventually().until(() -> TestMail.to(email).size() == 1);
		assertThat(textOf(TestMail.to(email).get(0))).contains("Thank you for a rye loaf.\r\n-- Rosa, first");

		// A newly published footer is in the next message.
		assertThat(shop.put("/api/v1/templates/footer", footer.formatted("second", "second")).status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/footer/publish", "{}").status()).isEqualTo(200);
		sell(shop, "ORD-2", "c-1", "a seeded batch");
		eventually().until(() -> TestMail.to(email).size() == 2);
		List<String> texts = new ArrayList<>();
		for (MimeMessage message : TestMail.to(email)) {
			texts.add(textOf(message));
		}
		assertThat(texts).anySatisfy((text) -> assertThat(text).contains("a seeded batch.\r\n-- Rosa, second"));

		// A footer that would break a template including it is not published: the staff
		// digest has no contact.
		assertThat(shop.put("/api/v1/templates/staff-reminder", """
				{"subject":"Today","html":"<p>Today at ${partner.name}</p><#include \\"footer\\">","text":"Today"}""")
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/staff-reminder/publish", "{}").status()).isEqualTo(200);
		assertThat(shop.put("/api/v1/templates/footer", """
				{"subject":"","html":"<footer>See you, ${contact.firstName}</footer>","text":"-- Rosa"}""").status())
			.isEqualTo(201);
		Api.Response breaking = shop.post("/api/v1/templates/footer/publish", "{}");
		assertProblem(breaking, 422, "template 'staff-reminder' includes it and fails with it");
		assertThat(breaking.json().get("title").asString()).isEqualTo("Template would break another");
		assertThat(shop.get("/api/v1/templates/footer").json().get("publishedVersion").asInt()).isEqualTo(2);

		// The other partner has no footer: the same template cannot be published there.
		assertThat(other.put("/api/v1/templates/after-sale-thanks", thanks).status()).isEqualTo(201);
		Api.Response refused = other.post("/api/v1/templates/after-sale-thanks/publish", "{}");
		assertProblem(refused, 422, "There is no published template \"footer\" of yours to include");
		assertThat(other.get("/api/v1/templates/after-sale-thanks").json().get("publishedVersion").asInt())
			.isEqualTo(1);
	}

	@Test
	void aDraftThatDoesNotParseIsRefusedWithWhereTheErrorIsAndNothingIsStored() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response unclosed = shop.put("/api/v1/templates/birthday",
				"""
						{"subject":"Happy birthday","html":"<p>Hi</p>\\n<p><#if contact.isClient>dear client</p>","text":"Hi"}""");
		assertUnprocessable(unclosed, "html");
		assertThat(unclosed.json().get("line").asInt()).isPositive();
		assertThat(unclosed.json().get("column").asInt()).isPositive();
		assertThat(unclosed.json().get("detail").asString()).contains("html line " + unclosed.json().get("line").asInt()
				+ ", column " + unclosed.json().get("column").asInt());

		Api.Response badSubject = shop.put("/api/v1/templates/birthday",
				"{\"subject\":\"Happy ${birthday\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}");
		assertUnprocessable(badSubject, "subject");
		assertThat(badSubject.json().get("line").asInt()).isEqualTo(1);

		assertThat(versionsOf(shop, "birthday")).containsExactly("1:PUBLISHED");
		assertThat(shop.get("/api/v1/templates/birthday").json().get("latestVersion").asInt()).isEqualTo(1);
	}

	@Test
	void aDraftThatReachesOutOfTheSandboxIsRefused() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response instantiates = shop.put("/api/v1/templates/birthday", """
				{"subject":"Hi","html":"<p>Hi</p>",
				 "text":"Hi\\n${\\"freemarker.template.utility.Execute\\"?new()(\\"id\\")}"}""");
		assertUnprocessable(instantiates, "text");
		assertThat(instantiates.json().get("line").asInt()).isEqualTo(2);
		assertThat(instantiates.json().get("detail").asString()).contains("?new");

		assertUnprocessable(shop.put("/api/v1/templates/birthday",
				"{\"subject\":\"Hi\",\"html\":\"<p>${contact?api.getClass()}</p>\",\"text\":\"Hi\"}"), "html");
		assertUnprocessable(shop.put("/api/v1/templates/birthday",
				"{\"subject\":\"Hi\",\"html\":\"<#include \\\"/etc/passwd\\\">\",\"text\":\"Hi\"}"), "html");
		assertUnprocessable(shop.put("/api/v1/templates/my-own",
				"{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"${\\\"1+1\\\"?eval}\"}"), "text");

		assertThat(versionsOf(shop, "birthday")).containsExactly("1:PUBLISHED");
		assertThat(shop.get("/api/v1/templates/my-own").status()).isEqualTo(404);
	}

	@Test
	void aDraftThatFailsOnSampleDataIsKeptAsADraftButNotPublished() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response draft = shop.put("/api/v1/templates/client-welcome", """
				{"subject":"Welcome","html":"<p>Welcome,\\n ${contact.nope.deeper}</p>","text":"Welcome"}""");
		assertThat(draft.status()).as(draft.raw().body()).isEqualTo(201);
		assertThat(draft.json().get("status").asString()).isEqualTo("DRAFT");

		Api.Response publish = shop.post("/api/v1/templates/client-welcome/publish", "{}");
		assertUnprocessable(publish, "html");
		assertThat(publish.json().get("line").asInt()).isEqualTo(2);
		assertThat(publish.json().get("column").asInt()).isPositive();
		assertThat(publish.json().get("detail").asString()).contains("sample data").contains("html line 2");
		assertUnprocessable(shop.post("/api/v1/templates/client-welcome/publish", "{\"version\":2}"), "html");

		assertThat(versionsOf(shop, "client-welcome")).containsExactly("2:DRAFT", "1:PUBLISHED");
		JsonNode template = shop.get("/api/v1/templates/client-welcome").json();
		assertThat(template.get("publishedVersion").asInt()).isEqualTo(1);
		assertThat(template.get("subject").asString()).isNotEqualTo("Welcome");
	}

	@Test
	void versionsGoFromDraftToPublishedToRetiredAndARetiredOneCanBePublishedAgain() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String path = "/api/v1/templates/client-check-in";
		assertThat(shop.put(path, draft("Checking in, v2")).status()).isEqualTo(201);
		CLOCK.set("2027-03-10T12:05:00Z");
		assertThat(shop.put(path, draft("Checking in, v3")).status()).isEqualTo(201);
		assertThat(versionsOf(shop, "client-check-in")).containsExactly("3:DRAFT", "2:DRAFT", "1:PUBLISHED");

		CLOCK.set("2027-03-10T12:10:00Z");
		assertThat(shop.post(path + "/publish", "{\"version\":2}").json().get("status").asString())
			.isEqualTo("PUBLISHED");
		assertThat(versionsOf(shop, "client-check-in")).containsExactly("3:DRAFT", "2:PUBLISHED", "1:RETIRED");

		// Without a version: the newest draft.
		assertThat(shop.post(path + "/publish", "").json().get("version").asInt()).isEqualTo(3);
		assertThat(versionsOf(shop, "client-check-in")).containsExactly("3:PUBLISHED", "2:RETIRED", "1:RETIRED");
		assertThat(shop.get(path).json().get("subject").asString()).isEqualTo("Checking in, v3");
		assertProblem(shop.post(path + "/publish", "{}"), 409, "no draft");

		// Publishing the published version changes nothing; a retired one rolls back.
		assertThat(shop.post(path + "/publish", "{\"version\":3}").status()).isEqualTo(200);
		assertThat(shop.post(path + "/publish", "{\"version\":2}").status()).isEqualTo(200);
		assertThat(versionsOf(shop, "client-check-in")).containsExactly("3:RETIRED", "2:PUBLISHED", "1:RETIRED");
		assertThat(shop.get(path).json().get("publishedVersion").asInt()).isEqualTo(2);

		JsonNode v3 = shop.get(path + "/versions/3").json();
		assertThat(v3.get("subject").asString()).isEqualTo("Checking in, v3");
		assertThat(v3.get("html").asString()).isEqualTo("<p>Hello ${contact.firstName!\"there\"}</p>");
		assertThat(v3.get("status").asString()).isEqualTo("RETIRED");
		assertThat(v3.get("createdAt").asString()).isEqualTo("2027-03-10T12:05:00Z");
		assertThat(v3.get("publishedAt").asString()).isEqualTo("2027-03-10T12:10:00Z");
		JsonNode listed = shop.get(path + "/versions").json().get("items").get(0);
		assertThat(listed.get("createdAt").asString()).isEqualTo("2027-03-10T12:05:00Z");
		assertThat(listed.has("html")).isFalse();
		assertProblem(shop.get(path + "/versions/9"), 404, "version 9");
		assertProblem(shop.post(path + "/publish", "{\"version\":9}"), 404, "version 9");
	}

	@Test
	void anUnknownKeyCreatesThePartnersOwnTemplate() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response created = shop.put("/api/v1/templates/spring-sale-2027",
				draft("Spring is here").replaceFirst("\\{", "{\"name\":\"Spring sale\","));
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		assertThat(created.json().get("version").asInt()).isEqualTo(1);
		assertThat(created.json().get("status").asString()).isEqualTo("DRAFT");

		JsonNode own = summaries(shop).stream()
			.filter((t) -> t.get("key").asString().equals("spring-sale-2027"))
			.findFirst()
			.orElseThrow();
		assertThat(own.get("name").asString()).isEqualTo("Spring sale");
		assertThat(own.get("locale").isNull()).isTrue(); // the base variant
		assertThat(own.get("publishedVersion").isNull()).isTrue();
		assertThat(own.get("latestVersion").asInt()).isEqualTo(1);
		assertThat(shop.get("/api/v1/templates/spring-sale-2027").json().get("subject").isNull()).isTrue();

		assertThat(shop.post("/api/v1/templates/spring-sale-2027/publish", "{}").status()).isEqualTo(200);
		assertThat(shop.get("/api/v1/templates/spring-sale-2027").json().get("subject").asString())
			.isEqualTo("Spring is here");
		assertThat(summaries(shop)).extracting((t) -> t.get("key").asString())
			.contains("after-sale-thanks", "birthday", "client-anniversary", "client-check-in", "client-welcome",
					"staff-reminder", "spring-sale-2027");

		assertProblem(shop.put("/api/v1/templates/Spring_Sale", draft("x")), 400, "key");
		assertProblem(shop.put("/api/v1/templates/-sale", draft("x")), 400, "key");
		assertProblem(shop.put("/api/v1/templates/summer", "{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\"}"), 400, "text");
		assertThat(shop.get("/api/v1/templates/summer").status()).isEqualTo(404);
	}

	@Test
	void anotherPartnerGetsNotFoundForYourTemplates() {
		Api a = enroll("UTC", "09:00", "18:00");
		assertThat(a.put("/api/v1/templates/a-only", draft("A's own")).status()).isEqualTo(201);
		assertThat(a.put("/api/v1/templates/birthday", draft("A's birthday")).status()).isEqualTo(201);
		Api b = enroll("UTC", "09:00", "18:00");

		assertProblem(b.get("/api/v1/templates/a-only"), 404, "a-only");
		assertProblem(b.get("/api/v1/templates/a-only/versions"), 404, "a-only");
		assertProblem(b.get("/api/v1/templates/a-only/versions/1"), 404, "a-only");
		assertProblem(b.post("/api/v1/templates/a-only/publish", "{}"), 404, "a-only");
		assertThat(summaries(b)).extracting((t) -> t.get("key").asString()).doesNotContain("a-only");
		// B's birthday template is B's own: A's draft is not among its versions.
		assertThat(versionsOf(b, "birthday")).containsExactly("1:PUBLISHED");
		assertProblem(b.post("/api/v1/templates/birthday/publish", "{}"), 409, "no draft");
		// The same key is B's own template when B creates it.
		assertThat(b.put("/api/v1/templates/a-only", draft("B's own")).status()).isEqualTo(201);
		b.post("/api/v1/templates/a-only/publish", "{}");
		assertThat(a.get("/api/v1/templates/a-only").json().get("publishedVersion").isNull()).isTrue();
		assertThat(a.get("/api/v1/templates/a-only/versions/1").json().get("subject").asString()).isEqualTo("A's own");
	}

	private static String draft(String subject) {
		return """
				{"subject":"%s","html":"<p>Hello ${contact.firstName!\\"there\\"}</p>","text":"Hello"}"""
			.formatted(subject);
	}

	private static void sell(Api partner, String ref, String contactRef, String description) {
		assertThat(
				partner
					.post("/api/v1/sales",
							"""
									{"externalRef":"%s","contactRef":"%s","amount":12,"currency":"EUR",
									 "occurredAt":"2027-03-10T11:58:00Z","description":"%s"}""".formatted(ref,
									contactRef, description))
					.status())
			.isEqualTo(201);
	}

	private static List<JsonNode> summaries(Api partner) {
		Api.Response response = partner.get("/api/v1/templates");
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("items").valueStream().toList();
	}

	/** The versions as "number:status", newest first. */
	private static List<String> versionsOf(Api partner, String key) {
		Api.Response response = partner.get("/api/v1/templates/" + key + "/versions");
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.json()
			.get("items")
			.valueStream()
			.map((v) -> v.get("version").asInt() + ":" + v.get("status").asString())
			.toList();
	}

	private static void assertUnprocessable(Api.Response response, String part) {
		assertProblem(response, 422, part);
		assertThat(response.json().get("part").asString()).isEqualTo(part);
		assertThat(response.json().has("line")).isTrue();
		assertThat(response.json().has("column")).isTrue();
	}

	private static void assertProblem(Api.Response response, int status, String detailContains) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).containsIgnoringCase(detailContains);
	}

	private static String subjectOf(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String textOf(MimeMessage message) throws Exception {
		return (String) ((Multipart) message.getContent()).getBodyPart(0).getContent();
	}

}
