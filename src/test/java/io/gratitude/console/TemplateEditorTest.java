package io.gratitude.console;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.ConsoleClient.Page;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's template editor over real HTTP: the list, the editor page, the live
 * preview of unsaved texts (sample data, a real contact, errors with their place), save,
 * publish, versions with a diff and restore, test sends, and the partner boundary.
 */
class TemplateEditorTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private String base() {
		return "/console/partners/" + this.partnerId + "/templates";
	}

	@Test
	void theListShowsThePartnersTemplatesAndTheEditorOpensOne() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		assertThat(shop.put("/api/v1/templates/birthday", """
				{"subject":"Happy birthday ${contact.firstName}","html":"<p>Hi</p>","text":"Hi"}""").status())
			.isEqualTo(201);
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);

		Page list = console.get(base());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.one("nav a[aria-current=page]").text()).isEqualTo("Templates");
		Element birthday = list.one("tr[data-key=birthday]");
		assertThat(birthday.selectFirst("a").text()).isEqualTo("Birthday greeting");
		assertThat(birthday.selectFirst("a").attr("href")).isEqualTo(base() + "/birthday");
		assertThat(birthday.text()).contains("Version 1").contains("Draft v2").contains("10 Mar 2027");
		assertThat(list.one("tr[data-key=client-welcome]").text()).contains("Version 1").contains("None");

		Page editor = console.get(base() + "/birthday");
		assertThat(editor.status()).isEqualTo(200);
		assertThat(editor.one("h1").text()).isEqualTo("Birthday greeting");
		assertThat(editor.one("label[for=html]").text()).isEqualTo("HTML body");
		assertThat(editor.one("textarea#subject").text()).isEqualTo("Happy birthday ${contact.firstName}");
		assertThat(editor.one("textarea#html").text()).isEqualTo("<p>Hi</p>");
		assertThat(editor.one("#editing-badge").text()).isEqualTo("Editing draft version 2");
		assertThat(editor.doc().select(".variables [data-insert]").eachAttr("data-insert"))
			.contains("${contact.firstName}", "${partner.name}", "${sale.amountText}", "${occasion.dateText}");
		// the partner's other published templates, to include; not the one being edited
		assertThat(editor.doc().select("[data-testid=includable] [data-insert]").eachAttr("data-insert"))
			.contains("<#include \"after-sale-thanks\">", "<#include \"client-welcome\">")
			.doesNotContain("<#include \"birthday\">");
		assertThat(editor.one("#test-to").attr("value")).contains("@example.com");
		assertThat(editor.doc().select(".versions-table tbody tr")).hasSize(2);
		assertThat(editor.one("main").attr("data-preview-url")).isEqualTo(base() + "/birthday/preview");
		// the editor's assets are served by the application (no CDN), version-less
		for (Element asset : editor.doc().select("script[src], link[rel=stylesheet]")) {
			String url = asset.hasAttr("src") ? asset.attr("src") : asset.attr("href");
			assertThat(console.get(url).status()).as(url).isEqualTo(200);
		}
		assertThat(editor.doc().select("script[src*=codemirror]").eachAttr("src"))
			.anyMatch((src) -> src.matches("/webjars/codemirror/.*lib/codemirror.js"))
			.anyMatch((src) -> src.endsWith("addon/mode/overlay.js"))
			.anyMatch((src) -> src.endsWith("mode/htmlmixed/htmlmixed.js"));
		// version-less paths are served too
		assertThat(console.get("/webjars/codemirror/lib/codemirror.js").status()).isEqualTo(200);
		assertThat(console.get("/webjars/codemirror/lib/codemirror.css").status()).isEqualTo(200);

		assertThat(console.get(base() + "/no-such").status()).isEqualTo(404);
	}

	@Test
	void thePreviewRendersUnsavedTextsWithSampleDataOrARealContact() {
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/contacts/ana-1", """
				{"email":"%s","firstName":"Anabela","lastName":"Lima"}""".formatted(uniqueEmail("ana")));
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		console.get(base() + "/birthday");

		JsonNode sample = json(console.postJson(base() + "/birthday/preview", """
				{"subject":"Hello ${contact.firstName}","html":"<p>Dear ${contact.fullName}</p>",
				 "text":"From ${partner.name}"}"""), 200);
		assertThat(sample.get("subject").asString()).isEqualTo("Hello Ana");
		assertThat(sample.get("html").asString()).isEqualTo("<p>Dear Ana Lima</p>");
		assertThat(sample.get("text").asString()).isEqualTo("From Rosa's Bakery");

		JsonNode real = json(console.postJson(base() + "/birthday/preview", """
				{"subject":"Hello ${contact.firstName}","html":"<p>${contact.email}</p>",
				 "text":"From ${partner.name}","contactRef":"ana-1"}"""), 200);
		assertThat(real.get("subject").asString()).isEqualTo("Hello Anabela");
		assertThat(real.get("text").asString()).startsWith("From Shop ");

		// nothing was saved
		assertThat(shop.get("/api/v1/templates/birthday").json().get("latestVersion").asInt()).isEqualTo(1);

		// the contact picker finds the partner's contacts by name, email or reference
		JsonNode found = json(console.get(base() + "/birthday/contacts?q=anab"), 200);
		assertThat(found.valueStream().map((c) -> c.get("ref").asString()).toList()).containsExactly("ana-1");
		assertThat(json(console.get(base() + "/birthday/contacts?q=ANA-"), 200)).hasSize(1);
		assertThat(json(console.get(base() + "/birthday/contacts?q=nobody"), 200)).isEmpty();

		// another partner's contact is not found
		enroll("UTC", "09:00", "18:00").put("/api/v1/contacts/bea", """
				{"email":"%s","firstName":"Bea"}""".formatted(uniqueEmail("bea")));
		long other = this.partnerId;
		Page foreign = console.postJson("/console/partners/" + firstPartner(console) + "/templates/birthday/preview",
				"{\"subject\":\"s\",\"html\":\"h\",\"text\":\"t\",\"contactRef\":\"bea\"}");
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(other).isNotEqualTo(firstPartner(console));
	}

	@Test
	void aDraftThatDoesNotParseOrRenderIsAnswered422WithPartLineAndColumn() {
		enroll("UTC", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		console.get(base() + "/birthday");

		JsonNode broken = json(console.postJson(base() + "/birthday/preview", """
				{"subject":"Hi <#if>","html":"<p>Hello</p>\\n<p>${contact.firstName</p>","text":"fine"}"""), 422);
		List<JsonNode> errors = broken.get("errors").valueStream().toList();
		assertThat(errors).extracting((e) -> e.get("part").asString()).containsExactly("subject", "html");
		JsonNode html = errors.get(1);
		assertThat(html.get("line").asInt()).isEqualTo(2);
		assertThat(html.get("column").asInt()).isPositive();
		assertThat(html.get("message").asString()).isNotBlank();

		// a value the model does not have fails at render time, with its place
		JsonNode missing = json(console.postJson(base() + "/birthday/preview", """
				{"subject":"Hi","html":"<p>Hello</p>","text":"one\\ntwo ${contact.nope.deeper}"}"""), 422);
		JsonNode error = missing.get("errors").get(0);
		assertThat(error.get("part").asString()).isEqualTo("text");
		assertThat(error.get("line").asInt()).isEqualTo(2);
		assertThat(error.get("column").asInt()).isEqualTo(7);
	}

	@Test
	void saveAndPublishChangeWhatTheApiReportsAndRestoreCopiesAnOldVersion() {
		Api shop = enroll("UTC", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		String v1Html = shop.get("/api/v1/templates/birthday").json().get("html").asString();
		console.get(base() + "/birthday");

		Page saved = console.post(base() + "/birthday", "subject", "Happy day, ${contact.firstName}", "html",
				"<p>Many happy returns</p>\r\n<p>From us</p>", "text", "Many happy returns", "action", "save");
		assertThat(saved.path()).isEqualTo(base() + "/birthday");
		assertThat(saved.one("[role=status].alert-ok").text()).isEqualTo("Saved draft version 2.");
		assertThat(saved.one("textarea#html").text()).isEqualTo("<p>Many happy returns</p>\n<p>From us</p>");
		JsonNode api = shop.get("/api/v1/templates/birthday").json();
		assertThat(api.get("publishedVersion").asInt()).isEqualTo(1);
		assertThat(api.get("latestVersion").asInt()).isEqualTo(2);

		Page again = console.post(base() + "/birthday", "subject", "Happy day, ${contact.firstName}", "html",
				"<p>Many happy returns</p>\n<p>From us</p>", "text", "Many happy returns", "action", "save");
		assertThat(again.one(".alert-ok").text()).isEqualTo("No changes to save.");

		Page published = console.post(base() + "/birthday", "subject", "Happy day, ${contact.firstName}", "html",
				"<p>Many happy returns</p>\n<p>From us</p>", "text", "Many happy returns", "action", "publish");
		assertThat(published.one(".alert-ok").text()).startsWith("Published version 2.");
		api = shop.get("/api/v1/templates/birthday").json();
		assertThat(api.get("publishedVersion").asInt()).isEqualTo(2);
		assertThat(api.get("subject").asString()).isEqualTo("Happy day, ${contact.firstName}");

		// a draft that does not parse is not saved; the form keeps the texts and says why
		Page refused = console.post(base() + "/birthday", "subject", "Hi", "html", "<p>${oops</p>", "text", "x",
				"action", "save");
		assertThat(refused.status()).isEqualTo(200);
		assertThat(refused.one("#save-error").text()).contains("was not saved").contains("html");
		assertThat(refused.one("textarea#html").attr("aria-invalid")).isEqualTo("true");
		assertThat(refused.one("textarea#html").text()).isEqualTo("<p>${oops</p>");
		assertThat(shop.get("/api/v1/templates/birthday").json().get("latestVersion").asInt()).isEqualTo(2);

		Page restored = console.post(base() + "/birthday/versions/1/restore");
		assertThat(restored.path()).isEqualTo(base() + "/birthday");
		assertThat(restored.one(".alert-ok").text()).isEqualTo("Version 1 was copied into a new draft, version 3.");
		JsonNode v3 = shop.get("/api/v1/templates/birthday/versions/3").json();
		assertThat(v3.get("status").asString()).isEqualTo("DRAFT");
		assertThat(v3.get("html").asString()).isEqualTo(v1Html);
		assertThat(shop.get("/api/v1/templates/birthday").json().get("publishedVersion").asInt()).isEqualTo(2);
		assertThat(restored.one("#editing-badge").text()).isEqualTo("Editing draft version 3");
	}

	@Test
	void theDiffShowsAddedAndRemovedLinesWithMarkers() {
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/templates/hello", """
				{"subject":"Hi","html":"<p>one</p>\\n<p>two</p>\\n<p>three</p>","text":"same"}""");
		shop.put("/api/v1/templates/hello", """
				{"subject":"Hi","html":"<p>one</p>\\n<p>2</p>\\n<p>three</p>\\n<p>four</p>","text":"same"}""");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);

		Page diff = console.get(base() + "/hello/versions/1");
		assertThat(diff.status()).isEqualTo(200);
		assertThat(diff.one("#diff-heading").text()).isEqualTo("Changes from version 1 to version 2 (draft)");
		assertThat(diff.doc().select(".diff-del code").eachText()).containsExactly("<p>two</p>");
		assertThat(diff.doc().select(".diff-add code").eachText()).containsExactly("<p>2</p>", "<p>four</p>");
		assertThat(diff.doc().select(".diff-add .diff-marker").eachText()).containsOnly("+");
		assertThat(diff.doc().select(".diff-del .diff-marker").eachText()).containsOnly("−");
		assertThat(diff.doc().select(".diff-same code").eachText()).contains("<p>one</p>", "<p>three</p>");
		assertThat(diff.text()).contains("No changes.");

		Page back = console.get(base() + "/hello/versions/2?against=1");
		assertThat(back.doc().select(".diff-add code").eachText()).containsExactly("<p>two</p>");
		assertThat(console.get(base() + "/hello/versions/9").status()).isEqualTo(404);
	}

	@Test
	void aTestSendArrivesAtTheGivenAddress() throws Exception {
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/contacts/ana", """
				{"email":"%s","firstName":"Anabela"}""".formatted(uniqueEmail("ana")));
		shop.put("/api/v1/templates/hello", """
				{"subject":"Hello ${contact.firstName}","html":"<p>Hi</p>","text":"Hi"}""");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		console.get(base() + "/hello");
		String me = uniqueEmail("me");

		JsonNode sent = json(
				console.postJson(base() + "/hello/test-send", "{\"to\":\"%s\",\"contactRef\":\"ana\"}".formatted(me)),
				200);
		assertThat(sent.get("smtpCode").asInt()).isEqualTo(250);

		eventually().until(() -> TestMail.to(me).size() == 1);
		MimeMessage received = TestMail.to(me).get(0);
		assertThat(received.getSubject()).isEqualTo("[Test] Hello Anabela");

		Page bad = console.postJson(base() + "/hello/test-send", "{\"to\":\"not an address\"}");
		assertThat(bad.status()).isEqualTo(400);
	}

	@Test
	void staffOfAnotherPartnerGet404OnEveryRoute() {
		Api a = enroll("UTC", "09:00", "18:00");
		long partnerA = this.partnerId;
		a.put("/api/v1/templates/a-only", "{\"subject\":\"Hi\",\"html\":\"<p>Hi</p>\",\"text\":\"Hi\"}");
		a.put("/api/v1/contacts/ana", "{\"email\":\"%s\",\"firstName\":\"Ana\"}".formatted(uniqueEmail("ana")));
		enroll("UTC", "09:00", "18:00");
		long partnerB = this.partnerId;
		ConsoleClient b = console(partnerB, StaffRole.PARTNER_ADMIN);
		b.get("/console/partners/" + partnerB + "/templates");

		String aBase = "/console/partners/" + partnerA + "/templates";
		String bBase = "/console/partners/" + partnerB + "/templates";
		assertThat(b.get(aBase).status()).isEqualTo(404);
		assertThat(b.get(aBase + "/birthday").status()).isEqualTo(404);
		assertThat(b.get(aBase + "/birthday/versions/1").status()).isEqualTo(404);
		assertThat(b.get(aBase + "/birthday/contacts?q=a").status()).isEqualTo(404);
		assertThat(b.post(aBase + "/birthday", "subject", "x", "html", "x", "text", "x").status()).isEqualTo(404);
		assertThat(b.post(aBase + "/birthday/versions/1/restore").status()).isEqualTo(404);
		assertThat(b.postJson(aBase + "/birthday/preview", "{}").status()).isEqualTo(404);
		assertThat(b.postJson(aBase + "/birthday/test-send", "{\"to\":\"me@example.com\"}").status()).isEqualTo(404);
		// partner A's template through partner B's URL
		assertThat(b.get(bBase + "/a-only").status()).isEqualTo(404);
		assertThat(b.get(bBase + "/a-only/versions/1").status()).isEqualTo(404);
		assertThat(b.get(bBase + "/a-only/contacts?q=a").status()).isEqualTo(404);
		assertThat(b.post(bBase + "/a-only", "subject", "x", "html", "x", "text", "x").status()).isEqualTo(404);
		assertThat(b.post(bBase + "/a-only/versions/1/restore").status()).isEqualTo(404);
		assertThat(b.postJson(bBase + "/a-only/preview", "{}").status()).isEqualTo(404);
		assertThat(b.postJson(bBase + "/a-only/test-send", "{\"to\":\"me@example.com\"}").status()).isEqualTo(404);
		// partner A's contact through partner B's preview
		assertThat(b.postJson(bBase + "/birthday/preview", "{\"contactRef\":\"ana\"}").status()).isEqualTo(404);
		assertThat(b.postJson(bBase + "/birthday/test-send", "{\"to\":\"me@example.com\",\"contactRef\":\"ana\"}")
			.status()).isEqualTo(404);
		assertThat(a.get("/api/v1/templates/a-only").json().get("latestVersion").asInt()).isEqualTo(1);
		assertThat(a.get("/api/v1/templates/birthday").json().get("latestVersion").asInt()).isEqualTo(1);
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefused() {
		Api shop = enroll("UTC", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		console.get(base() + "/birthday");

		assertThat(console
			.postWithoutCsrf(base() + "/birthday", "subject", "x", "html", "x", "text", "x", "action", "publish")
			.status()).isEqualTo(403);
		assertThat(console.postWithoutCsrf(base() + "/birthday/versions/1/restore").status()).isEqualTo(403);
		assertThat(shop.get("/api/v1/templates/birthday").json().get("latestVersion").asInt()).isEqualTo(1);
	}

	private long firstPartner(ConsoleClient console) {
		String path = console.get("/console").path();
		return Long.parseLong(path.substring("/console/partners/".length()));
	}

	private static JsonNode json(Page page, int status) {
		assertThat(page.status()).as(page.raw().body()).isEqualTo(status);
		return JSON.readTree(page.raw().body());
	}

}
