package io.gratitude.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * Path confusion: every route of the handler mapping, spelled in every way of
 * {@link #spellings(String)} (encoded letters and slashes, double encoding, case, matrix
 * parameters, dot segments, duplicate and trailing slashes, backslashes, NUL), is sent
 * byte for byte as each caller its canonical path should refuse would send it: no
 * credentials, another partner's key, a partner key on admin routes, the admin token on
 * partner routes, a console session on API routes, an API key on console pages, staff on
 * admin pages, signed out. A GET is also sent as the caller it belongs to. Each spelling
 * must answer what the canonical path answers that caller, or 400 (a problem, never
 * Tomcat's HTML page) or 404: never a success the canonical path refuses.
 */
class PathConfusionTest extends IntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Autowired
	private UnsubscribeTokens unsubscribeTokens;

	@Autowired
	private Contacts contacts;

	/** A caller: a name and the headers it sends (credentials, session, CSRF token). */
	private record Caller(String name, Map<String, String> headers, String csrf) {

		static Caller of(String name) {
			return new Caller(name, Map.of(), "");
		}

		static Caller bearer(String name, Api api) {
			return new Caller(name, Map.of("Authorization", "Bearer " + api.token()), "");
		}

		static Caller session(String name, ConsoleClient client) {
			return new Caller(name, Map.of("Cookie", client.cookieHeader()), client.csrfToken());
		}

	}

	private record Spelling(String name, String path) {
	}

	@Test
	void noSpellingOfARouteLetsInACallerThatItsCanonicalPathRefuses() {
		CLOCK.set("2027-05-01T10:00:00Z");
		Api b = enroll("UTC", "09:00", "18:00");
		long partnerB = this.partnerId;
		ConsoleClient adminOfB = console(partnerB, StaffRole.PARTNER_ADMIN);
		Api a = enroll("UTC", "09:00", "18:00");
		long partnerA = this.partnerId;
		ConsoleClient staffOfA = console(partnerA, StaffRole.STAFF);
		ConsoleClient adminOfA = console(partnerA, StaffRole.PARTNER_ADMIN);
		ConsoleClient serviceAdmin = console(null, StaffRole.ADMIN);
		ConsoleClient signedOut = new ConsoleClient(this.port);
		signedOut.get("/console/sign-in");
		RouteFixtures.Resources resources = RouteFixtures.create(a, partnerA, "", this.contacts, this.unsubscribeTokens,
				() -> this.staffUsers.findByEmail(staffUser(partnerA, StaffRole.STAFF).email()).orElseThrow().id());

		List<String> wrong = new ArrayList<>();
		int sent = 0;
		for (Map.Entry<RequestMappingInfo, ?> entry : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = entry.getKey();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			String contentType = info.getConsumesCondition()
				.getConsumableMediaTypes()
				.stream()
				.findFirst()
				.map(Object::toString)
				.orElse(null);
			for (String template : info.getPatternValues()) {
				String path = RouteFixtures.resolve(template, partnerA, resources);
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					boolean reads = method == RequestMethod.GET;
					List<Caller> callers = new ArrayList<>();
					if (template.startsWith("/api/v1/partners") || template.startsWith("/api/v1/outbox")) {
						callers.add(Caller.of("no-credentials"));
						callers.add(Caller.bearer("partner-key", a));
						callers.add(Caller.session("console-session", serviceAdmin));
						if (reads) {
							callers.add(Caller.bearer("admin-token", admin()));
						}
					}
					else if (template.startsWith("/api")) {
						callers.add(Caller.of("no-credentials"));
						callers.add(Caller.bearer("key-of-B", b));
						callers.add(Caller.bearer("admin-token", admin()));
						callers.add(Caller.session("console-session", adminOfA));
						if (reads) {
							callers.add(Caller.bearer("key-of-A", a));
						}
					}
					else if (template.startsWith("/console") || template.equals("/")) {
						callers.add(Caller.session("signed-out", signedOut));
						callers.add(Caller.session("admin-of-B", adminOfB));
						callers.add(Caller.bearer("api-key", a));
						if (template.startsWith("/console/admin")) {
							callers.add(Caller.session("staff-of-A", staffOfA));
						}
						if (reads) {
							callers.add(Caller.session("admin-of-A", adminOfA));
						}
					}
					else {
						callers.add(Caller.of("anyone"));
					}
					for (Caller caller : callers) {
						RawHttp.Answer canonical = call(caller, method, contentType, path);
						String expected = outcome(canonical);
						for (Spelling spelling : spellings(path)) {
							RawHttp.Answer answer = call(caller, method, contentType, spelling.path());
							sent++;
							String met = outcome(answer);
							boolean fine = switch (answer.status()) {
								// Console pages may answer with the console's own error
								// page;
								// Tomcat's HTML page is never an answer.
								case 400 -> answer.header("Content-Type").startsWith("application/problem+json")
										|| (path.startsWith("/console") && !answer.body().contains("HTTP Status 400"));
								case 404 -> true;
								// Signed out, any console address leads to the sign-in
								// page.
								default -> met.equals(expected) || met.equals("sign-in");
							};
							if (!fine) {
								wrong.add("%s %s as %s, %s: %s answered %s (%s), the canonical path %s".formatted(
										method, template, caller.name(), spelling.name(), spelling.path(), met,
										answer.header("Content-Type"), expected));
							}
						}
					}
				}
			}
		}
		assertThat(wrong).as("spellings answered otherwise than their canonical path (%d of %d)", wrong.size(), sent)
			.isEmpty();
		assertThat(sent).as("requests sent").isGreaterThan(10_000);
	}

	private RawHttp.Answer call(Caller caller, RequestMethod method, String consumes, String path) {
		Map<String, String> headers = new LinkedHashMap<>(caller.headers());
		String body = "";
		if (caller.name().startsWith("key") || caller.name().endsWith("key") || caller.name().equals("admin-token")) {
			// The rate limit's buckets refill as the clock moves.
			CLOCK.advance(Duration.ofMillis(20));
		}
		if (method != RequestMethod.GET && method != RequestMethod.DELETE) {
			if (path.startsWith("/console") && consumes == null) {
				headers.put("Content-Type", "application/x-www-form-urlencoded");
				body = "_csrf=" + caller.csrf();
			}
			else if ("text/csv".equals(consumes)) {
				headers.put("Content-Type", "text/csv");
				body = "externalRef,email\n";
			}
			else {
				headers.put("Content-Type", "application/json");
				body = "{}";
			}
		}
		if (!caller.csrf().isEmpty()) {
			headers.put("X-CSRF-TOKEN", caller.csrf());
		}
		headers.put("Accept", path.startsWith("/console") ? "text/html" : "application/json");
		return RawHttp.send(this.port, method.name(), path, headers, body);
	}

	/**
	 * What a caller met: the status, or {@code sign-in}, or {@code success} (2xx, 3xx).
	 */
	private static String outcome(RawHttp.Answer answer) {
		if (answer.status() / 100 == 3 && answer.header("Location").contains("/console/sign-in")) {
			return "sign-in";
		}
		return (answer.status() < 400) ? "success" : String.valueOf(answer.status());
	}

	/** The other spellings of a canonical path, each with what it does. */
	static List<Spelling> spellings(String path) {
		List<String> segments = List.of(path.substring(1).split("/", -1));
		List<Spelling> all = new ArrayList<>();
		for (int i = 0; i < segments.size(); i++) {
			String segment = segments.get(i);
			int plain = firstAlphanumeric(segment);
			if (plain >= 0) {
				all.add(new Spelling("encoded '" + segment.charAt(plain) + "' in segment " + i, join(segments, i,
						segment.substring(0, plain) + encode(segment.charAt(plain)) + segment.substring(plain + 1))));
			}
			String upper = segment.toUpperCase(Locale.ROOT);
			if (!upper.equals(segment)) {
				all.add(new Spelling("segment " + i + " in upper case", join(segments, i, upper)));
			}
			all.add(new Spelling("';' parameter on segment " + i, join(segments, i, segment + ";x=1")));
			if (i > 0) {
				all.add(new Spelling("encoded slash before segment " + i, joinWith(segments, i, "%2F")));
				all.add(new Spelling("backslash before segment " + i, joinWith(segments, i, "\\")));
				all.add(new Spelling("'//' before segment " + i, joinWith(segments, i, "//")));
			}
		}
		String first = segments.get(0);
		int plain = firstAlphanumeric(first);
		if (plain >= 0) {
			all.add(new Spelling("double-encoded letter", "/" + first.substring(0, plain) + "%25"
					+ encode(first.charAt(plain)).substring(1) + first.substring(plain + 1) + rest(segments, 1)));
			String capital = first.substring(0, plain) + Character.toUpperCase(first.charAt(plain))
					+ first.substring(plain + 1);
			if (!capital.equals(first)) {
				all.add(new Spelling("capitalised first segment", "/" + capital + rest(segments, 1)));
			}
		}
		String tail = rest(segments, 1);
		all.add(new Spelling("encoded slash, lower-case hex",
				"/" + first + "%2f" + tail.substring(Math.min(1, tail.length()))));
		all.add(new Spelling("double-encoded slash",
				"/" + first + "%252F" + tail.substring(Math.min(1, tail.length()))));
		all.add(new Spelling("overlong UTF-8 slash",
				"/" + first + "%C0%AF" + tail.substring(Math.min(1, tail.length()))));
		all.add(new Spelling("encoded backslash", "/" + first + "%5C" + tail.substring(Math.min(1, tail.length()))));
		all.add(new Spelling("'.' segment", "/" + first + "/." + tail));
		all.add(new Spelling("'..' segment", "/" + first + "/x/.." + tail));
		all.add(new Spelling("encoded '.' segment", "/" + first + "/%2e" + tail));
		all.add(new Spelling("encoded '..' segment", "/" + first + "/x/%2E%2E" + tail));
		all.add(new Spelling("leading '..'", "/.." + path));
		all.add(new Spelling("leading '//'", "/" + path));
		all.add(new Spelling("trailing slash", path + "/"));
		all.add(new Spelling("trailing ';'", path + ";"));
		all.add(new Spelling("session id parameter", path + ";jsessionid=0"));
		all.add(new Spelling("trailing encoded NUL", path + "%00"));
		all.add(new Spelling("trailing encoded space", path + "%20"));
		all.add(new Spelling("trailing encoded '?'", path + "%3Fx=1"));
		all.add(new Spelling("trailing encoded '#'", path + "%23x"));
		return all;
	}

	private static int firstAlphanumeric(String segment) {
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c < 0x80 && Character.isLetterOrDigit(c)) {
				return i;
			}
		}
		return -1;
	}

	private static String encode(char c) {
		return "%" + Integer.toHexString(c);
	}

	private static String join(List<String> segments, int index, String replacement) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < segments.size(); i++) {
			out.append('/').append((i == index) ? replacement : segments.get(i));
		}
		return out.toString();
	}

	private static String joinWith(List<String> segments, int index, String separator) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < segments.size(); i++) {
			out.append((i == index) ? separator : "/").append(segments.get(i));
		}
		return out.toString();
	}

	private static String rest(List<String> segments, int from) {
		StringBuilder out = new StringBuilder();
		for (int i = from; i < segments.size(); i++) {
			out.append('/').append(segments.get(i));
		}
		return out.toString();
	}

}
