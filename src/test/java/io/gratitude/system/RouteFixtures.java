package io.gratitude.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.gratitude.Api;
import io.gratitude.contact.Contacts;
import io.gratitude.suppression.UnsubscribeTokens;

import static io.gratitude.IntegrationTest.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Partner A's resources of every kind a route can name, and route templates filled in
 * with them: what the route-walking tests ({@link AccessTableTest},
 * {@link PathConfusionTest}) call.
 */
final class RouteFixtures {

	private static final AtomicInteger SERIAL = new AtomicInteger();

	private RouteFixtures() {
	}

	/** Partner A's resources for one call (or for all the calls that only read). */
	record Resources(String contact, long contactId, String sale, String template, String program, String campaign,
			long outreachId, String prefix, long staffId, String suppressed, String unsubscribe) {
	}

	/**
	 * Resources of partner A for the route (every kind for an empty route): what a call
	 * may change is made for it alone.
	 */
	static Resources create(Api a, long partnerA, String route, Contacts contacts, UnsubscribeTokens unsubscribeTokens,
			LongSupplier staffOfA) {
		int n = SERIAL.incrementAndGet();
		boolean all = route.isEmpty();
		// A's key makes many calls here; the rate limit's bucket refills as the clock
		// moves.
		CLOCK.advance(Duration.ofSeconds(1));
		String contact = "c-" + n;
		String email = "access." + n + "@example.com";
		expect(a.put("/api/v1/contacts/" + contact,
				"""
						{"email":"%s","firstName":"Ada","relationship":"CLIENT","clientSince":"2020-05-02",
						 "significantDates":[{"kind":"BIRTHDAY","month":5,"day":2},{"kind":"CUSTOM","month":6,"day":1,"label":"anniv"}]}"""
					.formatted(email)),
				201);
		expect(a.post("/api/v1/sales", """
				{"externalRef":"S-%d","contactRef":"%s","amount":5,"currency":"EUR",
				 "occurredAt":"2027-05-01T09:00:00Z","description":"a book"}""".formatted(n, contact)), 201);
		String template = "t-" + n;
		expect(a.put("/api/v1/templates/" + template,
				"{\"subject\":\"Hi ${contact.firstName}\",\"html\":\"<p>Thanks</p>\",\"text\":\"Thanks\"}"), 201);
		expect(a.post("/api/v1/templates/" + template + "/publish", "{}"), 200);
		expect(a.put("/api/v1/templates/" + template + "/locales/es",
				"{\"subject\":\"Hola\",\"html\":\"<p>Gracias</p>\",\"text\":\"Gracias\"}"), 201);
		String program = "p-" + n;
		if (all || route.contains("/programs/{key}")) {
			expect(a.post("/api/v1/programs", """
					{"key":"%s","name":"Program %d","trigger":"AFTER_SALE","audience":"ANY","template":"%s"}"""
				.formatted(program, n, template)), 201);
		}
		String campaign = "m-" + n;
		if (all || route.contains("/campaigns/{key}")) {
			expect(a.post("/api/v1/campaigns", """
					{"key":"%s","name":"Month %d","template":"%s","segment":{},
					 "schedule":{"localDate":"2027-05-20","localTime":"10:00"}}""".formatted(campaign, n, template)),
					201);
		}
		long outreachId = a.get("/api/v1/outreach?contactRef=" + contact).json().get("items").get(0).get("id").asLong();
		String prefix = "none";
		if (all || route.contains("{prefix}")) {
			Api.Response key = a.post("/api/v1/keys", "{\"label\":\"key " + n + "\"}");
			expect(key, 201);
			prefix = key.json().get("prefix").asString();
		}
		String suppressed = "suppressed." + n + "@example.com";
		if (all || route.contains("{email}")) {
			expect(a.post("/api/v1/suppressions", "{\"email\":\"" + suppressed + "\",\"reason\":\"complaint\"}"), 201);
		}
		long staffId = (all || route.contains("{userId}")) ? staffOfA.getAsLong() : 0;
		long contactId = contacts.findByRef(partnerA, contact).orElseThrow().id();
		return new Resources(contact, contactId, "S-" + n, template, program, campaign, outreachId, prefix, staffId,
				suppressed, unsubscribeTokens.tokenFor(partnerA, contactId));
	}

	static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.raw().uri() + ": " + response.raw().body()).isEqualTo(status);
	}

	static String resolve(String template, long partner, Resources r) {
		return RouteTemplates.expand(template, name -> switch (name) {
			case "partnerId" -> String.valueOf(partner);
			case "id" ->
				template.startsWith("/api/v1/partners") ? String.valueOf(partner) : String.valueOf(r.outreachId());
			case "externalRef", "ref", "contactRef" -> template.startsWith("/api/v1/sales") ? r.sale() : r.contact();
			case "key" -> template.contains("/programs/") ? r.program()
					: template.contains("/campaigns/") ? r.campaign() : r.template();
			case "prefix" -> r.prefix();
			case "userId" -> String.valueOf(r.staffId());
			case "email" -> r.suppressed();
			case "token" -> r.unsubscribe();
			case "kind" -> template.contains("{label}") ? "CUSTOM" : "BIRTHDAY";
			case "label" -> "anniv";
			case "locale" -> "es";
			case "n", "version" -> "1";
			case "index" -> "0";
			case "date" -> "2027-05-02";
			default -> {
				fail("Map the path variable {" + name + "} of " + template + " to one of partner A's resources");
				yield "";
			}
		});
	}

}
