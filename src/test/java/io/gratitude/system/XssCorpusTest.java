package io.gratitude.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-site scripting through contact data ({@code security/xss-payloads.txt}): every
 * payload goes in as a contact's first and last name, two custom attributes, a custom
 * date's label and a sale's description, and is then looked for in every console page
 * that can show it (each console GET route, per contact and per outreach where the route
 * names one), in the template editor's preview and contact picker, in the API's preview
 * and in the message actually sent. Wherever a payload's marker lands it must be text or
 * an ordinary attribute value holding the whole payload verbatim: never an element, an
 * attribute name, an event handler, script or style content, a comment or a script URL.
 * Messages' headers stay single lines. Every console response carries a strict
 * Content-Security-Policy and the frame, referrer and content-type headers, and every
 * frame that shows a message is sandboxed without scripts.
 */
class XssCorpusTest extends IntegrationTest {

	private static final String CORPUS = "/security/xss-payloads.txt";

	private static final Pattern MARKER = Pattern.compile("xss\\d\\d");

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Marker to payload, in the corpus's order. */
	private static final Map<String, String> PAYLOADS = load();

	private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "data",
			"xlink:href", "background", "poster", "srcset", "ping");

	private static final String TEMPLATE = "after-sale-thanks";

	// Every field a template can show of the contact, in subject, text, HTML text, HTML
	// attributes and the raw-text-like elements (title, textarea).
	private static final String SUBJECT = "Thanks ${contact.firstName!} ${contact.attributes.note!}";

	private static final String HTML = """
			<!DOCTYPE html><html><head><title>${contact.firstName!}</title></head><body>
			<h1 title="${contact.lastName!}">Hi ${contact.fullName}</h1>
			<p data-note="${contact.attributes.note!}" class='${contact.attributes.tier!}'>${contact.attributes.note!}</p>
			<p>${(sale.description)!} ${(occasion.label)!}</p>
			<textarea>${contact.firstName!}</textarea>
			<a href="https://shop.example/c?n=${contact.firstName!}">Your page</a>
			</body></html>""";

	private static final String TEXT = """
			Hi ${contact.firstName!} ${contact.lastName!}
			${contact.attributes.note!}
			${(sale.description)!}""";

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void theCorpusHoldsOneMarkedPayloadALine() throws IOException {
		List<String> lines = corpusLines();
		assertThat(PAYLOADS).hasSize(lines.size()).hasSizeGreaterThanOrEqualTo(40);
		assertThat(PAYLOADS).allSatisfy((marker, payload) -> {
			Matcher matcher = MARKER.matcher(payload);
			assertThat(matcher.find()).isTrue();
			assertThat(matcher.find()).as("one marker in %s", payload).isFalse();
			assertThat(payload).hasSizeLessThanOrEqualTo(100).isEqualTo(payload.strip());
			assertThat(payload.chars()).noneMatch(Character::isISOControl);
		});
		assertThat(PAYLOADS.values()).anyMatch((p) -> p.contains("<script>"))
			.anyMatch((p) -> p.contains("onerror="))
			.anyMatch((p) -> p.startsWith("javascript:"))
			.anyMatch((p) -> p.contains("</textarea>"))
			.anyMatch((p) -> p.contains("</title>"))
			.anyMatch((p) -> p.contains("</style>"))
			.anyMatch((p) -> p.startsWith("</script>"))
			.anyMatch((p) -> p.contains("srcdoc="))
			.anyMatch((p) -> p.contains("{{7*7}}"))
			.anyMatch((p) -> p.contains("${7*7}"))
			.anyMatch((p) -> p.contains("[[${7*7}]]"))
			.anyMatch((p) -> p.contains("#{7*7}"))
			.anyMatch((p) -> p.contains("&lt;script&gt;"))
			.anyMatch((p) -> p.contains("\\u003cscript"));
	}

	@Test
	void contactDataIsOnlyEverTextInTheConsoleInPreviewsAndInMessages() throws Exception {
		CLOCK.set("2027-06-01T10:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		long partner = this.partnerId;
		// Every message goes out, so that each contact has both a sent and a planned one.
		assertThat(admin().patch("/api/v1/partners/" + partner, "{\"frequencyCapHours\":0}").status()).isEqualTo(200);
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		Api.Response saved = shop.put("/api/v1/templates/" + TEMPLATE,
				JSON.writeValueAsString(Map.of("subject", SUBJECT, "html", HTML, "text", TEXT)));
		assertThat(saved.status()).as(saved.raw().body()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/" + TEMPLATE + "/publish", "{}").status()).isEqualTo(200);
		Api.Response program = shop.post("/api/v1/programs", """
				{"key":"corpus-date","name":"Custom dates","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"%s","offsetDays":0,"sendAt":"10:00"}""".formatted(TEMPLATE));
		assertThat(program.status()).as(program.raw().body()).isEqualTo(201);
		assertThat(shop.post("/api/v1/campaigns", """
				{"key":"corpus-campaign","name":"Corpus month","template":"birthday",
				 "schedule":{"localDate":"2027-06-20","localTime":"10:00"}}""").status()).isEqualTo(201);

		// Intake: a refusal must be a 400 problem; the corpus expects none (all plain
		// text).
		Map<String, String> emails = new LinkedHashMap<>();
		List<String> refusals = new ArrayList<>();
		for (Map.Entry<String, String> entry : PAYLOADS.entrySet()) {
			String ref = ref(entry.getKey());
			String payload = entry.getValue();
			String email = uniqueEmail("c" + entry.getKey().substring(3));
			Map<String, Object> contact = new LinkedHashMap<>();
			contact.put("email", email);
			contact.put("firstName", payload);
			contact.put("lastName", payload);
			contact.put("attributes", Map.of("note", payload, "tier", payload));
			contact.put("significantDates", List.of(Map.of("kind", "CUSTOM", "label", payload, "month", 6, "day", 2)));
			Api.Response put = shop.put("/api/v1/contacts/" + ref, JSON.writeValueAsString(contact));
			refusals.addAll(refusal(ref + " contact", put, 201));
			Api.Response sale = shop.post("/api/v1/sales",
					JSON.writeValueAsString(
							Map.of("externalRef", "S-" + entry.getKey().substring(3), "contactRef", ref, "amount", 5,
									"currency", "EUR", "occurredAt", "2027-06-01T09:59:00Z", "description", payload)));
			refusals.addAll(refusal(ref + " sale", sale, 201));
			emails.put(entry.getKey(), email);
		}
		assertThat(refusals).as("payloads refused at intake").isEmpty();

		// Messages: each contact's thank-you, sent through SMTP.
		eventually().until(() -> emails.values().stream().allMatch((email) -> TestMail.to(email).size() == 1));
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, String> entry : emails.entrySet()) {
			String payload = PAYLOADS.get(entry.getKey());
			MimeMessage message = TestMail.to(entry.getValue()).get(0);
			problems.addAll(headerLines(entry.getKey(), message));
			assertThat(message.getSubject()).isEqualTo("Thanks " + payload + " " + payload);
			assertThat(message.getRecipients(Message.RecipientType.TO)).hasSize(1);
			InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
			assertThat(to.getAddress()).isEqualTo(entry.getValue());
			assertThat(to.getPersonal()).isEqualTo(payload + " " + payload);
			Multipart parts = (Multipart) message.getContent();
			String text = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
			String html = (String) parts.getBodyPart(1).getContent();
			assertThat(text).contains("Hi " + payload + " " + payload + "\n" + payload + "\n" + payload);
			Document doc = Jsoup.parse(html);
			problems.addAll(injections("message to " + entry.getKey(), doc));
			assertThat(doc.selectFirst("h1").text()).isEqualTo("Hi " + payload + " " + payload);
			assertThat(doc.title()).isEqualTo(payload);
			assertThat(doc.selectFirst("textarea").wholeText()).isEqualTo(payload);
		}

		// The API's preview as the contact: HTML escaped, text plain.
		for (String marker : PAYLOADS.keySet()) {
			String payload = PAYLOADS.get(marker);
			Api.Response preview = shop.post("/api/v1/templates/" + TEMPLATE + "/preview",
					"{\"contactRef\":\"" + ref(marker) + "\"}");
			assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
			assertThat(preview.json().get("subject").asString()).isEqualTo("Thanks " + payload + " " + payload);
			assertThat(preview.json().get("text").asString()).startsWith("Hi " + payload + " " + payload);
			problems.addAll(injections("API preview " + marker, Jsoup.parse(preview.json().get("html").asString())));
		}

		// The console: every page, per contact and per outreach where the route names
		// one.
		ConsoleClient console = console(partner, StaffRole.PARTNER_ADMIN);
		String base = "/console/partners/" + partner;
		List<Long> outreachIds = shop.get("/api/v1/outreach?size=500")
			.json()
			.get("items")
			.valueStream()
			.map((o) -> o.get("id").asLong())
			.toList();
		assertThat(outreachIds).hasSizeGreaterThanOrEqualTo(2 * PAYLOADS.size());
		Map<String, Set<String>> seen = new TreeMap<>();
		Set<String> checked = new TreeSet<>();
		for (String template : consoleGetRoutes()) {
			if (!template.startsWith("/console/partners/") || template.endsWith(".csv") || template.contains("/outbox")
					|| template.endsWith("/contacts") && template.contains("/templates/")) {
				continue; // not pages, the embedded sink's (not in this context), JSON
			}
			List<String> paths = new ArrayList<>();
			if (template.contains("{externalRef}")) {
				PAYLOADS.keySet().forEach((marker) -> paths.add(resolve(template, ref(marker), 0)));
			}
			else if (template.contains("{id}")) {
				outreachIds.forEach((id) -> paths.add(resolve(template, null, id)));
			}
			else {
				paths.add(resolve(template, null, 0));
			}
			for (String first : paths) {
				String path = first;
				for (int hops = 0; path != null && hops < 20; hops++) {
					ConsoleClient.Page page = console.get(path);
					assertThat(page.status()).as("GET " + path).isEqualTo(200);
					problems.addAll(headers("GET " + path, page));
					problems.addAll(injections("GET " + path, page.doc()));
					markersInText(page.doc())
						.forEach((m) -> seen.computeIfAbsent(m, (k) -> new TreeSet<>()).add(template));
					Element next = page.doc().selectFirst("a[rel=next]");
					path = (next != null) ? next.attr("href") : null;
				}
			}
			checked.add(template);
		}

		// The template editor: its preview frame, the contact picker, the live preview.
		ConsoleClient.Page editor = console.get(base + "/templates/" + TEMPLATE);
		Element frame = editor.one("iframe#preview-html");
		assertThat(frame.hasAttr("sandbox")).isTrue();
		assertThat(frame.attr("sandbox").split("\\s+")).doesNotContain("allow-scripts");
		for (String marker : PAYLOADS.keySet()) {
			String payload = PAYLOADS.get(marker);
			ConsoleClient.Page found = console.get(base + "/templates/" + TEMPLATE + "/contacts?q=" + ref(marker));
			assertThat(found.status()).isEqualTo(200);
			assertThat(found.header("Content-Type")).startsWith("application/json");
			problems.addAll(headers("contact picker " + marker, found));
			JsonNode choice = JSON.readTree(found.raw().body()).get(0);
			assertThat(choice.get("name").asString()).isEqualTo(payload + " " + payload);

			ConsoleClient.Page preview = console.postJson(base + "/templates/" + TEMPLATE + "/preview", JSON
				.writeValueAsString(Map.of("subject", SUBJECT, "html", HTML, "text", TEXT, "contactRef", ref(marker))));
			assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
			JsonNode rendered = JSON.readTree(preview.raw().body());
			assertThat(rendered.get("subject").asString()).isEqualTo("Thanks " + payload + " " + payload);
			assertThat(rendered.get("text").asString()).startsWith("Hi " + payload + " " + payload);
			problems.addAll(injections("editor preview " + marker, Jsoup.parse(rendered.get("html").asString())));
		}

		assertThat(problems).isEmpty();
		assertThat(checked).as("console pages checked").hasSizeGreaterThanOrEqualTo(15);
		// Each payload was shown (so the checks above saw it): on its contact's page, in
		// the contact list, the outreach log and its detail, the forecast's day.
		assertThat(seen).hasSize(PAYLOADS.size())
			.allSatisfy((marker, pages) -> assertThat(pages).contains(
					"/console/partners/{partnerId}/contacts/{externalRef}", "/console/partners/{partnerId}/contacts",
					"/console/partners/{partnerId}/outreach/{id}", "/console/partners/{partnerId}/forecast/{date}"));
	}

	@Test
	void aLineBreakInAnAttributeNeverBreaksAHeaderAndNamesRefuseThem() throws Exception {
		CLOCK.set("2027-06-01T10:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		shop.put("/api/v1/templates/" + TEMPLATE,
				JSON.writeValueAsString(Map.of("subject", SUBJECT, "html", HTML, "text", TEXT)));
		assertThat(shop.post("/api/v1/templates/" + TEMPLATE + "/publish", "{}").status()).isEqualTo(200);
		String email = uniqueEmail("crlf");
		String injected = uniqueEmail("bcc");

		Api.Response name = shop.put("/api/v1/contacts/crlf", JSON
			.writeValueAsString(Map.of("email", email, "firstName", "Ana\r\nBcc: " + injected, "lastName", "Lima")));
		assertThat(name.status()).isEqualTo(400);
		assertThat(name.header("Content-Type")).startsWith("application/problem+json");
		assertThat(name.json().get("field").asString()).isEqualTo("firstName");

		// Attributes may hold line breaks (addresses, notes); a subject is made one line.
		assertThat(shop
			.put("/api/v1/contacts/crlf",
					JSON.writeValueAsString(Map.of("email", email, "firstName", "Ana", "lastName", "Lima", "attributes",
							Map.of("note", "x\r\nBcc: " + injected + "\r\n\r\n<script>alert('xss99')</script>"))))
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/sales", """
				{"externalRef":"S-crlf","contactRef":"crlf","amount":5,"currency":"EUR",
				 "occurredAt":"2027-06-01T09:59:00Z"}""").status()).isEqualTo(201);

		eventually().until(() -> TestMail.to(email).size() == 1);
		MimeMessage message = TestMail.to(email).get(0);
		assertThat(headerLines("crlf", message)).isEmpty();
		assertThat(message.getHeader("Bcc")).isNull();
		assertThat(message.getAllRecipients()).hasSize(1);
		assertThat(message.getSubject())
			.isEqualTo("Thanks Ana x Bcc: " + injected + " <script>alert('xss99')</script>");
		assertThat(TestMail.to(injected)).isEmpty();
		Document html = Jsoup.parse((String) ((Multipart) message.getContent()).getBodyPart(1).getContent());
		assertThat(html.select("script")).isEmpty();

		// The page the contact lands on from the message: no script, no framing, its
		// signed link never sent on as a referrer.
		String link = message.getHeader("List-Unsubscribe")[0];
		Api.Response page = new Api(this.port, null)
			.get(link.substring(link.indexOf("/unsubscribe/"), link.length() - 1));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'")
			.contains("frame-ancestors 'none'")
			.contains("base-uri 'none'")
			.doesNotContain("script-src");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
	}

	@Test
	void everyConsoleResponseCarriesAStrictPolicyAndFrameReferrerAndTypeHeaders() {
		CLOCK.set("2027-06-01T10:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		shop.put("/api/v1/contacts/ana", "{\"email\":\"%s\",\"firstName\":\"Ana\"}".formatted(uniqueEmail("ana")));
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient admin = console(null, StaffRole.ADMIN);
		ConsoleClient anonymous = new ConsoleClient(this.port);
		List<String> problems = new ArrayList<>();
		int checked = 0;
		for (String template : consoleGetRoutes()) {
			String path = template.replace("{partnerId}", String.valueOf(this.partnerId))
				.replace("{externalRef}", "ana")
				.replaceAll("\\{[^}]+}", "1");
			ConsoleClient client = template.startsWith("/console/admin") ? admin : console;
			// Whatever the answer (a page, JSON, a CSV, a 404), the headers are there.
			problems.addAll(headers("GET " + path, client.get(path)));
			checked++;
		}
		for (String path : List.of("/console/sign-in", "/console/assets/console.js", "/console/assets/console.css",
				"/console/no-such-page", "/console/partners/" + this.partnerId + "/no-such-page")) {
			problems.addAll(headers("GET " + path + " (signed out)", anonymous.get(path)));
			problems.addAll(headers("GET " + path, console.get(path)));
		}
		assertThat(problems).isEmpty();
		assertThat(checked).isGreaterThanOrEqualTo(20);
	}

	@Test
	void noConsoleTemplateWritesDataIntoScriptStyleOrUnescapedMarkup() throws IOException {
		Pattern risky = Pattern.compile("th:utext|th:inline\\s*=\\s*\"(javascript|css)\"|__\\$\\{|\\[\\(\\$\\{"
				+ "|<script(?![^>]*\\bth:src=)[^>]*>|\\son[a-z]+\\s*=|th:on[a-z]+\\s*=|th:style\\s*=\\s*\"[^\"]*\\$\\{[^}]*(contact|name|label|description)",
				Pattern.CASE_INSENSITIVE);
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".html")).toList()) {
				List<String> lines = Files.readAllLines(file);
				for (int i = 0; i < lines.size(); i++) {
					if (risky.matcher(lines.get(i)).find()) {
						found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
					}
				}
			}
		}
		assertThat(found).isEmpty();
	}

	// The checks.

	/**
	 * Where a marker of the corpus became markup: an element or attribute name, an event
	 * handler, script or style content, a comment, an unusual attribute, a script URL, or
	 * text holding only part of its payload (the rest parsed). Frames must be sandboxed
	 * without scripts; a srcdoc is checked as the document it is.
	 */
	static List<String> injections(String where, Document doc) {
		List<String> problems = new ArrayList<>();
		doc.traverse((node, depth) -> {
			if (node instanceof Element element) {
				String tag = element.tagName().toLowerCase(Locale.ROOT);
				if (MARKER.matcher(tag).find()) {
					problems.add(where + ": element <" + tag + ">");
				}
				if (List.of("iframe", "frame", "object", "embed", "base").contains(tag)) {
					if (!tag.equals("iframe")) {
						problems.add(where + ": <" + tag + "> element");
					}
					else if (!element.hasAttr("sandbox")
							|| Arrays.asList(element.attr("sandbox").toLowerCase(Locale.ROOT).split("\\s+"))
								.contains("allow-scripts")) {
						problems.add(where + ": frame not sandboxed without scripts: " + element.cssSelector());
					}
				}
				for (Attribute attribute : element.attributes()) {
					attribute(where, element, attribute, problems);
				}
			}
			else if (node instanceof DataNode data && MARKER.matcher(data.getWholeData()).find()) {
				problems.add(where + ": in <" + data.parent().nodeName() + "> content: " + data.getWholeData());
			}
			else if (node instanceof Comment comment && MARKER.matcher(comment.getData()).find()) {
				problems.add(where + ": in a comment: " + comment.getData());
			}
			else if (node instanceof TextNode text) {
				whole(where, "text", text.getWholeText(), problems);
			}
		});
		return problems;
	}

	private static void attribute(String where, Element element, Attribute attribute, List<String> problems) {
		String key = attribute.getKey().toLowerCase(Locale.ROOT);
		String value = attribute.getValue();
		String on = where + ": " + element.cssSelector() + " [" + key + "=" + value + "]";
		if (MARKER.matcher(key).find()) {
			problems.add(on + ": attribute name");
		}
		if (key.startsWith("on")) {
			problems.add(on + ": event handler");
		}
		String url = value.replaceAll("[\\s\\x00-\\x1f]", "").toLowerCase(Locale.ROOT);
		if (URL_ATTRIBUTES.contains(key) && (url.startsWith("javascript:") || url.startsWith("vbscript:")
				|| url.startsWith("data:text/html") || url.startsWith("//"))) {
			problems.add(on + ": script or foreign URL");
		}
		if (key.equals("srcdoc")) {
			problems.addAll(injections(where + " > " + element.cssSelector() + " srcdoc", Jsoup.parse(value)));
			return;
		}
		if (!MARKER.matcher(value).find()) {
			return;
		}
		boolean ordinary = Set.of("value", "title", "alt", "placeholder", "aria-label", "class").contains(key)
				|| key.startsWith("data-")
				|| URL_ATTRIBUTES.contains(key) && (url.startsWith("https://") || url.startsWith("/"));
		if (!ordinary) {
			problems.add(on + ": marker in an unusual attribute");
		}
		whole(where, key, value, problems);
	}

	/** Every marker in the value comes with its whole payload. */
	private static void whole(String where, String what, String value, List<String> problems) {
		Matcher matcher = MARKER.matcher(value);
		while (matcher.find()) {
			String payload = PAYLOADS.get(matcher.group());
			if (payload != null && !value.contains(payload)) {
				problems.add(where + ": " + what + " holds part of " + matcher.group() + ": " + value);
			}
		}
	}

	private static Set<String> markersInText(Document doc) {
		Set<String> markers = new TreeSet<>();
		for (TextNode text : doc.body().textNodes()) {
			MARKER.matcher(text.getWholeText()).results().forEach((m) -> markers.add(m.group()));
		}
		Matcher matcher = MARKER.matcher(doc.body().text());
		while (matcher.find()) {
			markers.add(matcher.group());
		}
		return markers;
	}

	/**
	 * What a console response must say about itself: a Content-Security-Policy that runs
	 * only the console's own scripts, no plugins, no foreign base, no framing; nosniff; a
	 * frame option; a referrer policy that keeps paths inside the console.
	 */
	static List<String> headers(String where, ConsoleClient.Page page) {
		List<String> problems = new ArrayList<>();
		String policy = page.header("Content-Security-Policy");
		if (policy == null) {
			problems.add(where + ": no Content-Security-Policy");
		}
		else {
			Map<String, List<String>> directives = new TreeMap<>();
			for (String directive : policy.split(";")) {
				List<String> tokens = List.of(directive.strip().split("\\s+"));
				if (!tokens.get(0).isEmpty()) {
					directives.put(tokens.get(0).toLowerCase(Locale.ROOT), tokens.subList(1, tokens.size()));
				}
			}
			List<String> script = directives.getOrDefault("script-src", directives.get("default-src"));
			if (script == null || script.isEmpty()) {
				problems.add(where + ": no script-src nor default-src: " + policy);
			}
			else if (script.stream()
				.anyMatch((s) -> List.of("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")
					.contains(s.toLowerCase(Locale.ROOT)))) {
				problems.add(where + ": script-src allows more than the console's own scripts: " + policy);
			}
			if (!List.of("'none'").equals(directives.getOrDefault("object-src", directives.get("default-src")))) {
				problems.add(where + ": object-src is not 'none': " + policy);
			}
			if (!List.of(List.of("'none'"), List.of("'self'")).contains(directives.get("frame-ancestors"))) {
				problems.add(where + ": frame-ancestors is not 'none' or 'self': " + policy);
			}
			if (!List.of(List.of("'none'"), List.of("'self'")).contains(directives.get("base-uri"))) {
				problems.add(where + ": base-uri is not 'none' or 'self': " + policy);
			}
			if (!directives.containsKey("form-action")) {
				problems.add(where + ": no form-action: " + policy);
			}
		}
		if (!"nosniff".equalsIgnoreCase(page.header("X-Content-Type-Options"))) {
			problems.add(where + ": X-Content-Type-Options is " + page.header("X-Content-Type-Options"));
		}
		String frames = Objects.requireNonNullElse(page.header("X-Frame-Options"), "");
		if (!List.of("DENY", "SAMEORIGIN").contains(frames.toUpperCase(Locale.ROOT))) {
			problems.add(where + ": X-Frame-Options is " + frames);
		}
		String referrer = Objects.requireNonNullElse(page.header("Referrer-Policy"), "");
		if (!List.of("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
			.contains(referrer)) {
			problems.add(where + ": Referrer-Policy is " + referrer);
		}
		return problems;
	}

	/** Raw header lines that a value broke: CR or LF anywhere but a fold. */
	private static List<String> headerLines(String where, MimeMessage message) throws Exception {
		List<String> problems = new ArrayList<>();
		for (String name : List.of("Subject", "To", "From")) {
			String[] values = message.getHeader(name);
			if (values == null || values.length != 1) {
				problems.add(where + ": " + name + " header " + Arrays.toString(values));
				continue;
			}
			String unfolded = values[0].replaceAll("\r\n[ \t]", " ");
			if (unfolded.indexOf('\r') >= 0 || unfolded.indexOf('\n') >= 0) {
				problems.add(where + ": " + name + " holds a line break: " + values[0]);
			}
			if (!unfolded.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
				problems.add(where + ": " + name + " is not encoded: " + values[0]);
			}
		}
		for (String name : List.of("Bcc", "Cc")) {
			if (message.getHeader(name) != null) {
				problems.add(where + ": a " + name + " header");
			}
		}
		return problems;
	}

	private static List<String> refusal(String what, Api.Response response, int accepted) {
		if (response.status() == accepted) {
			return List.of();
		}
		if (response.status() == 400 && response.header("Content-Type").startsWith("application/problem+json")) {
			return List.of(what + " refused: " + response.json().path("detail").asString());
		}
		throw new AssertionError(what + ": " + response.status() + " " + response.raw().body());
	}

	// The routes.

	private List<String> consoleGetRoutes() {
		Set<String> routes = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, ?> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			if (methods.isEmpty() || methods.contains(RequestMethod.GET)) {
				info.getPatternValues().stream().filter((p) -> p.startsWith("/console")).forEach(routes::add);
			}
		}
		return new ArrayList<>(routes);
	}

	private String resolve(String template, String contactRef, long outreachId) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String value = switch (matcher.group(1)) {
				case "partnerId" -> String.valueOf(this.partnerId);
				case "externalRef" -> contactRef;
				case "key" -> template.contains("/campaigns/") ? "corpus-campaign"
						: template.contains("/programs/") ? "corpus-date" : TEMPLATE;
				case "id" -> String.valueOf(outreachId);
				case "version" -> "1";
				case "date" -> "2027-06-02";
				default -> throw new AssertionError("Map {" + matcher.group(1) + "} of " + template);
			};
			matcher.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(path);
		return path.toString();
	}

	/** The contact of a payload: its reference carries no marker. */
	private static String ref(String marker) {
		return "c-" + marker.substring(3);
	}

	private static String base(String rest) {
		return "/console/partners/{partnerId}" + rest;
	}

	private static List<String> corpusLines() throws IOException {
		try (InputStream in = Objects.requireNonNull(XssCorpusTest.class.getResourceAsStream(CORPUS), CORPUS)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.equals("#") && !line.startsWith("# "))
				.toList();
		}
	}

	private static Map<String, String> load() {
		try {
			Map<String, String> payloads = new LinkedHashMap<>();
			for (String line : corpusLines()) {
				Matcher matcher = MARKER.matcher(line);
				if (!matcher.find() || payloads.put(matcher.group(), line) != null) {
					throw new IllegalStateException("No marker, or a marker twice: " + line);
				}
			}
			return payloads;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
