package io.gratitude.console;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's contact pages over real HTTP: search and filters, a contact's timeline,
 * the actions (relationship, opt-out, erasure) as the API sees them afterwards, and the
 * partner boundary.
 */
class ContactPagesTest extends IntegrationTest {

	private Api shop;

	private String anaEmail;

	/**
	 * Ana (customer, birthday 11 June, a sale thanked and one waiting), Ben (client since
	 * 2025, opted out) and Cara (customer, reference vip-cara), on 10 June 2027.
	 */
	private ConsoleClient shopWithThreeContacts() {
		CLOCK.set("2027-06-10T12:00:00Z");
		this.shop = enroll("UTC", "00:00", "00:00");
		this.anaEmail = uniqueEmail("ana");
		assertThat(this.shop
			.put("/api/v1/contacts/ana",
					"""
							{"email":"%s","firstName":"Ana","lastName":"Lima","timeZone":"Europe/Lisbon",
							 "attributes":{"tier":"gold"},"significantDates":[{"kind":"BIRTHDAY","month":6,"day":11,"year":1990}]}"""
						.formatted(this.anaEmail))
			.status()).isEqualTo(201);
		assertThat(this.shop
			.put("/api/v1/contacts/ben",
					"""
							{"email":"%s","firstName":"Ben","lastName":"Ortiz","relationship":"CLIENT","clientSince":"2025-01-01"}"""
						.formatted(uniqueEmail("ben")))
			.status()).isEqualTo(201);
		assertThat(this.shop.post("/api/v1/contacts/ben/opt-out", "").status()).isEqualTo(200);
		assertThat(this.shop.put("/api/v1/contacts/vip-cara", """
				{"email":"%s","firstName":"Cara"}""".formatted(uniqueEmail("cara"))).status()).isEqualTo(201);
		this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		assertThat(this.shop.post("/api/v1/sales", sale("ORD-1", "24.90", "a loaf")).status()).isEqualTo(201);
		eventually().until(() -> TestMail.to(this.anaEmail).size() == 1);
		eventually().until(
				() -> outreachOf(this.shop, "ana").stream().anyMatch(o -> "SENT".equals(o.get("status").asString())));
		this.shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT24H\"}");
		assertThat(this.shop.post("/api/v1/sales", sale("ORD-2", "12.00", "two croissants")).status()).isEqualTo(201);
		return console(this.partnerId, StaffRole.STAFF);
	}

	private static String sale(String ref, String amount, String description) {
		return """
				{"externalRef":"%s","contactRef":"ana","amount":"%s","currency":"EUR","occurredAt":"2027-06-10T12:00:00Z",
				 "description":"%s"}"""
			.formatted(ref, amount, description);
	}

	private String contacts(String query) {
		return "/console/partners/" + this.partnerId + "/contacts" + query;
	}

	private static List<String> names(ConsoleClient.Page page) {
		assertThat(page.status()).isEqualTo(200);
		return page.doc().select("a.contact-link").eachText();
	}

	@Test
	void searchAndEachFilterNarrowTheList() {
		ConsoleClient console = shopWithThreeContacts();

		ConsoleClient.Page all = console.get(contacts(""));
		assertThat(names(all)).containsExactly("Ana Lima", "Ben Ortiz", "Cara");
		assertThat(all.one("nav a[aria-current=page]").text()).isEqualTo("Contacts");
		assertThat(all.one("[data-testid=count]").text()).isEqualTo("Showing 1–3 of 3 contacts");
		assertThat(all.doc().select("tr:has(a:contains(Ben Ortiz)) .badge").eachText()).contains("Client", "Opted out");
		assertThat(all.doc().select("tr:has(a:contains(Ben Ortiz)) td").get(3).text()).isEqualTo("1 Jan 2025");
		assertThat(all.doc().select("tr:has(a:contains(Ana Lima)) td").get(4).text()).isEqualTo("10 Jun 2027");

		assertThat(names(console.get(contacts("?q=ana")))).containsExactly("Ana Lima");
		assertThat(names(console.get(contacts("?q=LIMA")))).containsExactly("Ana Lima");
		assertThat(names(console.get(contacts("?q=ana+lima")))).containsExactly("Ana Lima");
		assertThat(names(console.get(contacts("?q=" + this.anaEmail.substring(0, 8))))).containsExactly("Ana Lima");
		assertThat(names(console.get(contacts("?q=VIP-")))).containsExactly("Cara");
		assertThat(names(console.get(contacts("?relationship=CLIENT")))).containsExactly("Ben Ortiz");
		assertThat(names(console.get(contacts("?relationship=CUSTOMER")))).containsExactly("Ana Lima", "Cara");
		assertThat(names(console.get(contacts("?optedOut=yes")))).containsExactly("Ben Ortiz");
		assertThat(names(console.get(contacts("?optedOut=no")))).containsExactly("Ana Lima", "Cara");
		assertThat(names(console.get(contacts("?dateWithin=7")))).containsExactly("Ana Lima");
		assertThat(names(console.get(contacts("?relationship=CUSTOMER&q=cara")))).containsExactly("Cara");

		// The filters stay in the form, so the URL is what a user shares.
		ConsoleClient.Page filtered = console.get(contacts("?relationship=CLIENT&optedOut=yes&q=be"));
		assertThat(filtered.one("#q").attr("value")).isEqualTo("be");
		assertThat(filtered.one("#relationship option[selected]").attr("value")).isEqualTo("CLIENT");
		assertThat(filtered.one("#optedOut option[selected]").attr("value")).isEqualTo("yes");

		ConsoleClient.Page none = console.get(contacts("?q=nobody&relationship=CLIENT"));
		assertThat(names(none)).isEmpty();
		assertThat(none.one("[data-testid=empty]").text()).contains("No contacts match these filters.");
		// Nonsense in the query string is ignored, never an error.
		assertThat(names(console.get(contacts("?relationship=FRIEND&dateWithin=x&page=-3"))))
			.containsExactly("Ana Lima", "Ben Ortiz", "Cara");
	}

	@Test
	void theListIsPagedAndAnEmptyPartnerSaysSo() {
		CLOCK.set("2027-06-10T12:00:00Z");
		Api api = enroll("UTC", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		assertThat(console.get(contacts("")).one("[data-testid=empty]").text()).contains("No contacts yet");

		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 30; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"externalRef\":\"c-%02d\",\"email\":\"c%d@example.com\",\"firstName\":\"Person %02d\"}"
					.formatted(i, i, i));
		}
		assertThat(api.post("/api/v1/contacts:batch", batch.append("]").toString()).status()).isEqualTo(200);

		ConsoleClient.Page first = console.get(contacts("?q=person"));
		assertThat(names(first)).hasSize(25).startsWith("Person 00");
		String next = first.one("a[rel=next]").attr("href");
		assertThat(next).contains("q=person").contains("page=1");
		ConsoleClient.Page second = console.get(next);
		assertThat(names(second)).containsExactly("Person 25", "Person 26", "Person 27", "Person 28", "Person 29");
		assertThat(second.one("[data-testid=count]").text()).isEqualTo("Showing 26–30 of 30 contacts");
		assertThat(second.doc().select("a[rel=next]")).isEmpty();
	}

	@Test
	void theContactPageShowsDetailsDatesSalesAndEveryOutreachWithItsStatus() {
		ConsoleClient console = shopWithThreeContacts();

		ConsoleClient.Page page = console.get(contacts("/ana"));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("h1").text()).isEqualTo("Ana Lima");
		assertThat(page.one(".details").text()).contains(this.anaEmail, "Customer", "Europe/Lisbon", "tier", "gold");
		assertThat(page.one("[data-testid=dates]").text()).contains("Birthday · 11 June 1990");

		List<String> entries = page.doc().select("[data-testid=timeline] > li").eachText();
		assertThat(page.doc().select("[data-testid=timeline] .timeline-sale").eachText()).hasSize(2)
			.anySatisfy(s -> assertThat(s).contains("24.90 EUR", "a loaf", "ORD-1"))
			.anySatisfy(s -> assertThat(s).contains("12.00 EUR", "two croissants", "ORD-2"));
		List<String> messages = page.doc().select("[data-testid=timeline] .timeline-outreach").eachText();
		assertThat(messages).anySatisfy(m -> assertThat(m).contains("SENT", "after-sale-thanks", "sale:ORD-1"))
			.anySatisfy(m -> assertThat(m).contains("SCHEDULED", "after-sale-thanks", "sale:ORD-2",
					"Due 11 Jun 2027, 12:00"))
			.anySatisfy(m -> assertThat(m).contains("SCHEDULED", "birthday", "birthday@2027-06-11"));
		// Newest first: the second thank-you (due 11 June, 12:00) leads, the birthday
		// (09:00 in Lisbon) follows.
		assertThat(entries.get(0)).contains("sale:ORD-2");
		assertThat(entries.get(1)).contains("birthday@2027-06-11", "Due 11 Jun 2027, 08:00");
		assertThat(page.doc().select(".timeline-outreach .status-SENT")).hasSize(1);
		long sentId = outreachOf(this.shop, "ana").stream()
			.filter(o -> "SENT".equals(o.get("status").asString()))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asLong();
		assertThat(page.doc().select(".timeline-outreach a").eachAttr("href"))
			.contains("/console/partners/" + this.partnerId + "/outreach/" + sentId);

		ConsoleClient.Page ben = console.get(contacts("/ben"));
		assertThat(ben.one("[data-testid=opted-out]").text()).isEqualTo("Opted out");
		assertThat(ben.one(".timeline-opt-out").text()).contains("Opted out", "10 Jun 2027");
		assertThat(ben.one("[data-testid=dates]").text()).contains("Client anniversary · 1 January 2025");
		assertThat(console.get(contacts("/nobody")).status()).isEqualTo(404);
	}

	@Test
	void aRelationshipChangeShowsInTheApiAfterwards() {
		ConsoleClient console = shopWithThreeContacts();

		ConsoleClient.Page promoted = console.post(contacts("/vip-cara/relationship"), "relationship", "CLIENT");
		assertThat(promoted.path()).isEqualTo(contacts("/vip-cara"));
		assertThat(promoted.one(".alert-ok").text()).isEqualTo("Cara is now a client.");
		assertThat(promoted.one("[data-testid=relationship]").text()).isEqualTo("Client");
		Api.Response cara = this.shop.get("/api/v1/contacts/vip-cara");
		assertThat(cara.json().get("relationship").asString()).isEqualTo("CLIENT");
		assertThat(cara.json().get("clientSince").asString()).isEqualTo("2027-06-10");
		// The planner reacts as for the API: the new client is welcomed.
		assertThat(outreachOf(this.shop, "vip-cara"))
			.anySatisfy(o -> assertThat(o.get("program").asString()).isEqualTo("client-welcome"));

		ConsoleClient.Page back = console.post(contacts("/vip-cara/relationship"), "relationship", "CUSTOMER");
		assertThat(back.one("[data-testid=relationship]").text()).isEqualTo("Customer");
		assertThat(this.shop.get("/api/v1/contacts/vip-cara").json().get("relationship").asString())
			.isEqualTo("CUSTOMER");
		assertThat(this.shop.get("/api/v1/contacts/vip-cara").json().get("email").asString()).startsWith("cara.");
	}

	@Test
	void staffOptAContactOutAndInAgain() {
		ConsoleClient console = shopWithThreeContacts();

		ConsoleClient.Page out = console.post(contacts("/vip-cara/opt-out"));
		assertThat(out.one(".alert-ok").text()).contains("opted out");
		assertThat(out.one("[data-testid=opted-out]").text()).isEqualTo("Opted out");
		assertThat(this.shop.get("/api/v1/contacts/vip-cara").json().get("optedOut").asBoolean()).isTrue();
		assertThat(names(console.get(contacts("?optedOut=yes")))).containsExactly("Ben Ortiz", "Cara");

		ConsoleClient.Page in = console.post(contacts("/vip-cara/opt-in"));
		assertThat(in.one(".alert-ok").text()).contains("opted in again");
		assertThat(in.doc().select("[data-testid=opted-out]")).isEmpty();
		assertThat(this.shop.get("/api/v1/contacts/vip-cara").json().get("optedOut").asBoolean()).isFalse();
	}

	@Test
	void erasingAContactLeavesNothingOfThem() {
		ConsoleClient console = shopWithThreeContacts();
		ConsoleClient.Page page = console.get(contacts("/ana"));
		assertThat(page.one("form[action$=/erase]").attr("data-confirm")).contains("Erase Ana Lima?");

		ConsoleClient.Page erased = console.post(contacts("/ana/erase"));
		assertThat(erased.path()).isEqualTo(contacts(""));
		assertThat(erased.one(".alert-ok").text()).contains("erased");
		assertThat(names(erased)).containsExactly("Ben Ortiz", "Cara");
		assertThat(erased.text()).doesNotContain("Lima").doesNotContain(this.anaEmail);
		assertThat(this.shop.get("/api/v1/contacts/ana").status()).isEqualTo(404);
		assertThat(console.get(contacts("/ana")).status()).isEqualTo(404);
		// Pending outreach is cancelled, as for DELETE /api/v1/contacts/{ref}.
		assertThat(this.shop.get("/api/v1/outreach?status=SCHEDULED")
			.json()
			.get("items")
			.valueStream()
			.map(o -> o.get("program").asString())).doesNotContain("after-sale-thanks", "birthday");
	}

	@Test
	void anotherPartnersStaffFindNothingEvenByTamperingWithTheUrl() {
		shopWithThreeContacts();
		long shopA = this.partnerId;
		enroll("UTC", "09:00", "18:00");
		long shopB = this.partnerId;
		ConsoleClient other = console(shopB, StaffRole.PARTNER_ADMIN);

		assertThat(other.get("/console/partners/" + shopA + "/contacts").status()).isEqualTo(404);
		assertThat(other.get("/console/partners/" + shopA + "/contacts/ana").status()).isEqualTo(404);
		// A's reference under B's own URL is as absent as none.
		assertThat(other.get("/console/partners/" + shopB + "/contacts/ana").status()).isEqualTo(404);
		assertThat(names(other.get("/console/partners/" + shopB + "/contacts?q=ana"))).isEmpty();
		for (String action : List.of("relationship", "opt-out", "opt-in", "erase")) {
			assertThat(other.post("/console/partners/" + shopB + "/contacts/ana/" + action, "relationship", "CLIENT")
				.status()).as(action).isEqualTo(404);
			assertThat(other.post("/console/partners/" + shopA + "/contacts/ana/" + action, "relationship", "CLIENT")
				.status()).as(action).isEqualTo(404);
		}
		Api.Response ana = this.shop.get("/api/v1/contacts/ana");
		assertThat(ana.status()).isEqualTo(200);
		assertThat(ana.json().get("relationship").asString()).isEqualTo("CUSTOMER");
		assertThat(ana.json().get("optedOut").asBoolean()).isFalse();
	}

	@Test
	void formPostsWithoutTheCsrfTokenAreRefused() {
		ConsoleClient console = shopWithThreeContacts();
		console.get(contacts("/ana"));

		for (String action : List.of("relationship", "opt-out", "opt-in", "erase")) {
			assertThat(console.postWithoutCsrf(contacts("/ana/" + action), "relationship", "CLIENT").status())
				.as(action)
				.isEqualTo(403);
		}
		Api.Response ana = this.shop.get("/api/v1/contacts/ana");
		assertThat(ana.status()).isEqualTo(200);
		assertThat(ana.json().get("relationship").asString()).isEqualTo("CUSTOMER");
		assertThat(ana.json().get("optedOut").asBoolean()).isFalse();
	}

}
