package io.gratitude.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import io.gratitude.system.Page;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page the application maps (so a new page is held to it the day it
 * exists), opened by a partner admin with data on it: it answers 200 with a whole page
 * (language, title, one h1, the frame's landmarks); every form field has a label; every
 * POST form carries the CSRF token; and no script is inline or in an event attribute,
 * which the Content-Security-Policy would block in a browser without a word.
 */
class ConsolePagesTest extends IntegrationTest {

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void everyConsolePageIsWholeLabelledAndFreeOfInlineScript() {
		CLOCK.set("2027-05-01T10:00:00Z");
		Api api = enroll("UTC", "00:00", "00:00");
		api.put("/api/v1/contacts/ana", """
				{"email":"ana@example.com","firstName":"Ana","relationship":"CLIENT","clientSince":"2020-05-02",
				 "significantDates":[{"kind":"BIRTHDAY","month":5,"day":2}]}""");
		api.post("/api/v1/sales", """
				{"externalRef":"S-1","contactRef":"ana","amount":5,"currency":"EUR",
				 "occurredAt":"2027-05-01T09:00:00Z","description":"bread"}""");
		api.post("/api/v1/campaigns", """
				{"key":"appreciation","name":"Customer Appreciation Month","template":"birthday",
				 "schedule":{"localDate":"2027-05-20","localTime":"10:00"}}""");
		long outreachId = api.get("/api/v1/outreach").json().get("items").get(0).get("id").asLong();
		String prefix = api.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();
		Credentials colleague = staffUser(this.partnerId, StaffRole.STAFF);
		long colleagueId = this.staffUsers.findByEmail(colleague.email()).orElseThrow().id();
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient admin = console(null, StaffRole.ADMIN);

		Set<String> checked = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, ?> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			boolean html = info.getProducesCondition().getProducibleMediaTypes().isEmpty()
					|| info.getProducesCondition()
						.getProducibleMediaTypes()
						.stream()
						.anyMatch((type) -> type.isCompatibleWith(MediaType.TEXT_HTML));
			if (!(methods.isEmpty() || methods.contains(RequestMethod.GET)) || !html) {
				continue;
			}
			for (String template : info.getPatternValues()) {
				if (!template.startsWith("/console") || template.endsWith(".csv") || template.contains("/outbox")
						|| template.equals("/console/sign-in")) {
					continue; // not pages (CSV), or not in this context (the outbox: no
								// embedded sink)
				}
				String path = resolve(template, outreachId, prefix, colleagueId);
				ConsoleClient.Page page = (template.startsWith("/console/admin") ? admin : console).get(path);
				if (page.header("Content-Type") != null && page.header("Content-Type").contains("json")) {
					continue; // a script's endpoint, not a page
				}
				assertThat(page.status()).as("GET " + path).isEqualTo(200);
				List<String> problems = problems(page.doc());
				assertThat(problems).as("GET " + path).isEmpty();
				checked.add(template);
			}
		}
		assertThat(admin.get("/console").path()).isEqualTo("/console"); // the admin's
																		// partner list
		assertThat(problems(admin.get("/console").doc())).as("GET /console (admin)").isEmpty();
		assertThat(checked).as("pages checked").hasSizeGreaterThanOrEqualTo(15);
	}

	private String resolve(String template, long outreachId, String prefix, long userId) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String value = switch (matcher.group(1)) {
				case "partnerId" -> String.valueOf(this.partnerId);
				case "externalRef", "ref", "contactRef" -> "ana";
				case "key" -> template.contains("/campaigns/") ? "appreciation" : "birthday";
				case "id", "outreachId" -> String.valueOf(outreachId);
				case "prefix" -> prefix;
				case "userId", "staffId" -> String.valueOf(userId);
				case "version" -> "1";
				case "day", "date" -> "2027-05-02";
				case "month" -> "2027-05";
				default -> throw new AssertionError("Map {" + matcher.group(1) + "} of " + template);
			};
			matcher.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(path);
		return path.toString();
	}

	private static List<String> problems(Document doc) {
		List<String> problems = new ArrayList<>();
		if (doc.selectFirst("html[lang]") == null) {
			problems.add("no <html lang>");
		}
		if (doc.title().isBlank()) {
			problems.add("no <title>");
		}
		if (doc.select("h1").size() != 1) {
			problems.add(doc.select("h1").size() + " <h1> elements");
		}
		if (doc.selectFirst("main#main") == null) {
			problems.add("no <main id=main> (the skip link's target)");
		}
		for (Element field : doc.select("input, select, textarea")) {
			String type = field.attr("type").toLowerCase();
			if (List.of("hidden", "submit", "button", "reset").contains(type) || field.hasAttr("hidden")) {
				continue; // not a field a person fills in (a hidden one may help password
							// managers)
			}
			boolean labelled = (!field.id().isEmpty() && doc.selectFirst("label[for=" + field.id() + "]") != null)
					|| field.closest("label") != null || field.hasAttr("aria-label")
					|| field.hasAttr("aria-labelledby");
			if (!labelled) {
				problems.add("unlabelled field " + field.cssSelector());
			}
		}
		for (Element form : doc.select("form[method=post]")) {
			if (form.selectFirst("input[name=_csrf]") == null) {
				problems.add("POST form without CSRF token: " + form.attr("action"));
			}
		}
		for (Element script : doc.select("script")) {
			if (!script.hasAttr("src")) {
				problems.add("inline <script>");
			}
		}
		for (Element element : doc.getAllElements()) {
			for (Attribute attribute : element.attributes()) {
				if (attribute.getKey().toLowerCase().startsWith("on")) {
					problems.add("event attribute " + attribute.getKey() + " on " + element.cssSelector());
				}
				if (attribute.getValue().strip().toLowerCase().startsWith("javascript:")) {
					problems.add("javascript: URL on " + element.cssSelector());
				}
			}
		}
		return problems;
	}

}
