package io.gratitude.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import io.gratitude.system.Page;
import io.gratitude.system.RouteTemplates;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The console's tenant boundary, for every console route the application maps (so a new
 * page is covered the day it exists): a partner admin of B aims every route at partner A,
 * both through A's partner id and by putting A's resource identifiers under B's own URL.
 * Every answer is 404 or another refusal, none carries A's data, and A's data is the same
 * afterwards. Signed-out visitors are sent to sign in; forged POSTs are refused.
 */
class ConsoleIsolationTest extends IntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void partnerBsStaffCanNeitherSeeNorTouchPartnerAsConsole() {
		CLOCK.set("2027-05-01T10:00:00Z");
		Api a = enroll("UTC", "09:00", "18:00");
		long partnerA = this.partnerId;
		a.put("/api/v1/contacts/a-contact", """
				{"email":"alice.secret@example.com","firstName":"Alicesecret","relationship":"CLIENT",
				 "clientSince":"2020-05-02","significantDates":[{"kind":"BIRTHDAY","month":5,"day":2}]}""");
		a.post("/api/v1/sales", """
				{"externalRef":"A-SALE","contactRef":"a-contact","amount":5,"currency":"EUR",
				 "occurredAt":"2027-05-01T09:00:00Z","description":"secretbook"}""");
		a.put("/api/v1/templates/a-template",
				"{\"subject\":\"Hi\",\"html\":\"<p>secrettext</p>\",\"text\":\"secrettext\"}");
		a.post("/api/v1/templates/a-template/publish", "{}");
		a.post("/api/v1/programs", """
				{"key":"a-program","name":"A only","trigger":"AFTER_SALE","audience":"ANY","template":"a-template"}""");
		a.patch("/api/v1/programs/client-check-in", "{\"enabled\":false}");
		long outreachId = a.get("/api/v1/outreach").json().get("items").get(0).get("id").asLong();
		String prefix = a.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();
		Credentials aStaff = staffUser(partnerA, StaffRole.STAFF);
		long aStaffId = this.staffUsers.findByEmail(aStaff.email()).orElseThrow().id();
		Map<String, String> secrets = Map.of("email", "alice.secret@example.com", "name", "Alicesecret", "sale",
				"secretbook", "template", "secrettext", "staff", aStaff.email());

		enroll("UTC", "09:00", "18:00");
		long partnerB = this.partnerId;
		ConsoleClient b = console(partnerB, StaffRole.PARTNER_ADMIN);
		ConsoleClient anonymous = new ConsoleClient(this.port);
		String before = snapshot(a, partnerA);
		Set<String> checked = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, ?> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			for (String template : info.getPatternValues()) {
				if (!template.startsWith("/console/partners/{partnerId}")) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					Values values = new Values(outreachId, prefix, aStaffId);
					List<String> paths = new ArrayList<>();
					// A's id in the URL: the partner itself is out of reach.
					paths.add(resolve(template, partnerA, values));
					// B's id in the URL, A's resource identifiers after it.
					if (namesAResource(template)) {
						paths.add(resolve(template, partnerB, values));
					}
					for (String path : paths) {
						ConsoleClient.Page page = (method == RequestMethod.POST) ? b.post(path) : b.get(path);
						String body = page.raw().body();
						secrets
							.forEach((what, secret) -> assertThat(body).as(method + " " + path + " leaks A's " + what)
								.doesNotContain(secret));
						if (path.startsWith("/console/partners/" + partnerA + "/")
								|| path.equals("/console/partners/" + partnerA) || method == RequestMethod.GET) {
							assertThat(page.status()).as(method + " " + path).isBetween(400, 499);
						}
						assertThat(snapshot(a, partnerA)).as("A's data after " + method + " " + path).isEqualTo(before);
					}
					String own = resolve(template, partnerB, values);
					if (method == RequestMethod.GET) {
						assertThat(anonymous.get(own).path()).as("signed out: GET " + own)
							.isEqualTo("/console/sign-in");
					}
					else {
						assertThat(b.postWithoutCsrf(own).status()).as("no CSRF token: POST " + own).isEqualTo(403);
					}
					checked.add(method + " " + template);
				}
			}
		}
		assertThat(checked).as("console routes checked").hasSizeGreaterThanOrEqualTo(40);
	}

	// Path variables that name no partner's data: a calendar day is anyone's.
	private static final Set<String> NOT_RESOURCES = Set.of("partnerId", "day", "date", "month");

	private static boolean namesAResource(String template) {
		Matcher matcher = RouteTemplates.VARIABLE.matcher(template);
		while (matcher.find()) {
			if (!NOT_RESOURCES.contains(matcher.group(1))) {
				return true;
			}
		}
		return false;
	}

	private record Values(long outreachId, String prefix, long staffId) {
	}

	private static String resolve(String template, long partner, Values values) {
		return RouteTemplates.expand(template, name -> switch (name) {
			case "partnerId" -> String.valueOf(partner);
			case "externalRef", "ref", "contactRef" -> "a-contact";
			case "key" -> template.contains("/programs/") ? "a-program" : "a-template";
			case "templateKey" -> "a-template";
			case "programKey" -> "a-program";
			case "id", "outreachId" -> String.valueOf(values.outreachId());
			case "prefix" -> values.prefix();
			case "userId", "staffId" -> String.valueOf(values.staffId());
			case "version", "from", "to" -> "1";
			case "index" -> "0";
			case "day", "date" -> "2027-05-02";
			case "month" -> "2027-05";
			default -> {
				fail("Map the path variable {" + name + "} of " + template + " to one of partner A's resources");
				yield "";
			}
		});
	}

	private String snapshot(Api a, long partner) {
		return String.join("\n", a.get("/api/v1/contacts/a-contact").raw().body(),
				a.get("/api/v1/sales/A-SALE").raw().body(), a.get("/api/v1/outreach?size=500").raw().body(),
				a.get("/api/v1/templates/a-template").raw().body(), a.get("/api/v1/programs?size=500").raw().body(),
				a.get("/api/v1/keys").raw().body().replaceAll("\"lastUsedAt\":\"[^\"]*\"", ""),
				admin().get("/api/v1/partners/" + partner).raw().body(), this.staffUsers.ofPartner(partner).toString());
	}

}
