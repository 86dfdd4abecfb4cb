package io.gratitude.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.contact.Contacts;
import io.gratitude.staff.StaffRole;
import io.gratitude.suppression.UnsubscribeTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use which route, for every route the application maps: the routes are read from
 * the handler mapping, each is called as every kind of caller, and what each caller met
 * is compared with {@code security/access-table.txt}. A route added without a row, a row
 * whose route is gone, or an answer other than the table's fails the test, and the
 * failure prints the table as observed.
 * <p>
 * Callers of console routes: signed out, staff of partner A, a partner admin of A, a
 * partner admin of B aiming at A, and a service admin. Callers of API routes: no
 * credentials, A's key, B's key aiming at A, and the admin token. Public routes are
 * called signed out. What a caller meets is {@code ok} (let through: the route answered
 * 2xx, 3xx or a 4xx about the request itself), {@code sign-in} (sent to the sign-in
 * page), or the refusal's status ({@code 401}, {@code 403}, {@code 404}). Every call that
 * may change something runs on resources made for it alone, so one caller's success
 * cannot change what the next one meets.
 */
class AccessTableTest extends IntegrationTest {

	private static final List<String> CONSOLE_CALLERS = List.of("signed-out", "staff-A", "admin-of-A", "admin-of-B",
			"service-admin");

	private static final List<String> API_CALLERS = List.of("no-key", "key-A", "key-B", "admin-token");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Autowired
	private UnsubscribeTokens unsubscribeTokens;

	@Autowired
	private Contacts contacts;

	@Test
	void everyRouteLetsInExactlyTheCallersTheTableNames() throws IOException {
		CLOCK.set("2027-05-01T10:00:00Z");
		Api b = enroll("UTC", "09:00", "18:00");
		long partnerB = this.partnerId;
		ConsoleClient adminOfB = console(partnerB, StaffRole.PARTNER_ADMIN);
		Api a = enroll("UTC", "09:00", "18:00");
		long partnerA = this.partnerId;
		ConsoleClient staffOfA = console(partnerA, StaffRole.STAFF);
		ConsoleClient adminOfA = console(partnerA, StaffRole.PARTNER_ADMIN);
		ConsoleClient serviceAdmin = console(null, StaffRole.ADMIN);
		RouteFixtures.Resources shared = resources(a, partnerA, "");

		Map<String, String> observed = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, ?> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			String contentType = info.getConsumesCondition()
				.getConsumableMediaTypes()
				.stream()
				.findFirst()
				.map(Object::toString)
				.orElse("application/json");
			for (String template : info.getPatternValues()) {
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					boolean reads = method == RequestMethod.GET;
					String route = method + " " + template;
					Map<String, String> met = new LinkedHashMap<>();
					if (template.startsWith("/console")) {
						met.put("signed-out",
								consoleOutcome(template, method, signedOut(), resolve(template, partnerA, shared)));
						met.put("staff-A", consoleOutcome(template, method, staffOfA,
								resolve(template, partnerA, reads ? shared : resources(a, partnerA, template))));
						met.put("admin-of-A", consoleOutcome(template, method, adminOfA,
								resolve(template, partnerA, reads ? shared : resources(a, partnerA, template))));
						met.put("admin-of-B",
								consoleOutcome(template, method, adminOfB, resolve(template, partnerA, shared)));
						met.put("service-admin", consoleOutcome(template, method, serviceAdmin,
								resolve(template, partnerA, reads ? shared : resources(a, partnerA, template))));
					}
					else if (template.startsWith("/api")) {
						met.put("no-key", apiOutcome(new Api(this.port, null), method, contentType,
								resolve(template, partnerA, shared)));
						met.put("key-A", apiOutcome(a, method, contentType,
								resolve(template, partnerA, reads ? shared : resources(a, partnerA, template))));
						met.put("key-B", apiOutcome(b, method, contentType, resolve(template, partnerA, shared)));
						met.put("admin-token", apiOutcome(admin(), method, contentType,
								resolve(template, partnerA, reads ? shared : resources(a, partnerA, template))));
					}
					else {
						met.put("anyone", publicOutcome(method, resolve(template, partnerA, shared)));
					}
					observed.put(route,
							met.entrySet()
								.stream()
								.map(e -> e.getKey() + "=" + e.getValue())
								.collect(Collectors.joining(" ")));
				}
			}
		}

		Map<String, String> expected = expectedTable();
		String table = observed.entrySet()
			.stream()
			.map(e -> "%-78s %s".formatted(e.getKey(), e.getValue()))
			.collect(Collectors.joining("\n"));
		assertThat(observed.keySet()).as("routes without a row in access-table.txt; observed:\n" + table)
			.containsExactlyInAnyOrderElementsOf(expected.keySet());
		List<String> wrong = new ArrayList<>();
		observed.forEach((route, met) -> {
			if (!met.equals(expected.get(route))) {
				wrong.add(route + "\n  table:    " + expected.get(route) + "\n  observed: " + met);
			}
		});
		assertThat(wrong).as("routes answering otherwise than access-table.txt; observed:\n" + table).isEmpty();
		assertThat(observed).as("routes checked").hasSizeGreaterThan(120);
	}

	private ConsoleClient signedOut() {
		ConsoleClient client = new ConsoleClient(this.port);
		// A signed-out browser has a session and its CSRF token from the sign-in page:
		// what stops its POSTs must be the sign-in, not the missing token.
		client.get("/console/sign-in");
		return client;
	}

	private static String consoleOutcome(String template, RequestMethod method, ConsoleClient client, String path) {
		ConsoleClient.Page page = (method == RequestMethod.GET) ? client.get(path) : client.post(path);
		if (page.path().startsWith("/console/sign-in") && !template.startsWith("/console/sign-in")) {
			return "sign-in";
		}
		return outcome(page.status());
	}

	private static String apiOutcome(Api api, RequestMethod method, String contentType, String path) {
		String body = contentType.equals("text/csv") ? "externalRef,email\n"
				: (method == RequestMethod.GET || method == RequestMethod.DELETE) ? "" : "{}";
		return outcome(api.send(method.name(), path, contentType, body).status());
	}

	private String publicOutcome(RequestMethod method, String path) {
		ConsoleClient client = new ConsoleClient(this.port);
		return outcome(((method == RequestMethod.GET) ? client.get(path) : client.postWithoutCsrf(path)).status());
	}

	private static String outcome(int status) {
		return switch (status) {
			case 401, 403, 404 -> String.valueOf(status);
			default -> (status < 500) ? "ok" : String.valueOf(status);
		};
	}

	/**
	 * The table: one row per route, its callers and what each meets; {@code #} starts a
	 * comment.
	 */
	private static Map<String, String> expectedTable() throws IOException {
		Map<String, String> table = new TreeMap<>();
		try (InputStream in = AccessTableTest.class.getResourceAsStream("/security/access-table.txt")) {
			assertThat(in).as("security/access-table.txt").isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				String row = line.replaceAll("#.*", "").trim();
				if (row.isEmpty()) {
					continue;
				}
				String[] fields = row.split("\\s+");
				List<String> callers = fields[1].startsWith("/console") ? CONSOLE_CALLERS
						: fields[1].startsWith("/api") ? API_CALLERS : List.of("anyone");
				assertThat(fields).as("row: " + row).hasSize(2 + callers.size());
				StringBuilder met = new StringBuilder();
				for (int i = 0; i < callers.size(); i++) {
					met.append((i > 0) ? " " : "").append(callers.get(i)).append('=').append(fields[2 + i]);
				}
				assertThat(table.put(fields[0] + " " + fields[1], met.toString())).as("row listed twice: " + row)
					.isNull();
			}
		}
		return table;
	}

	private RouteFixtures.Resources resources(Api a, long partnerA, String route) {
		return RouteFixtures.create(a, partnerA, route, this.contacts, this.unsubscribeTokens,
				() -> this.staffUsers.findByEmail(staffUser(partnerA, StaffRole.STAFF).email()).orElseThrow().id());
	}

	private static String resolve(String template, long partner, RouteFixtures.Resources r) {
		return RouteFixtures.resolve(template, partner, r);
	}

}
