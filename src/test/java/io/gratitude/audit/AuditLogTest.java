package io.gratitude.audit;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.console.AuditPages;
import io.gratitude.staff.StaffRole;

import java.util.ArrayList;
import java.util.List;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The audit log: changes made through the API (by key and by admin token) and the console
 * (by the signed-in user) are recorded with who made them, in the change's transaction;
 * administrators read them on the console, newest first; no entry keeps a contact's
 * personal data.
 */
class AuditLogTest extends IntegrationTest {

	@Autowired
	private JdbcClient jdbc;

	@Test
	void apiAndConsoleChangesAreRecordedWithWhoMadeThemAndShownToAdministrators() {
		CLOCK.set("2027-05-03T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		long partner = this.partnerId;
		String prefix = shop.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();

		assertThat(shop
			.put("/api/v1/templates/welcome", "{\"subject\":\"Hi\",\"html\":\"<p>Hello</p>\",\"text\":\"Hello\"}")
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/welcome/publish", "{}").status()).isEqualTo(200);
		// A publish refused (it fails on the sample data) changes nothing and records
		// nothing.
		assertThat(shop
			.put("/api/v1/templates/broken",
					"{\"subject\":\"Hi\",\"html\":\"<p>${contact.nothing.here}</p>\",\"text\":\"x\"}")
			.status()).isEqualTo(201);
		assertThat(shop.post("/api/v1/templates/broken/publish", "{}").status()).isEqualTo(422);
		assertThat(shop.post("/api/v1/programs", """
				{"key":"welcome","name":"Welcome","trigger":"AFTER_SALE","audience":"ANY","template":"welcome"}""")
			.status()).isEqualTo(201);
		assertThat(shop.patch("/api/v1/programs/welcome", "{\"enabled\":false}").status()).isEqualTo(200);
		Api.Response key = shop.post("/api/v1/keys", "{\"label\":\"till\"}");
		String second = key.json().get("prefix").asString();
		assertThat(shop.delete("/api/v1/keys/" + second).status()).isBetween(200, 204);
		assertThat(shop.put("/api/v1/contacts/ada", """
				{"email":"ada.auditmarker@example.com","firstName":"Adaauditmarker"}""").status()).isEqualTo(201);
		long ada = this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref = 'ada'")
			.param(partner)
			.query(Long.class)
			.single();
		assertThat(shop.delete("/api/v1/contacts/ada").status()).isBetween(200, 204);
		assertThat(admin().post("/api/v1/partners/" + partner + "/pause", "{}").status()).isEqualTo(200);

		ConsoleClient manager = console(partner, StaffRole.PARTNER_ADMIN);
		String managerEmail = this.staffUsers.ofPartner(partner)
			.stream()
			.filter(u -> u.role() == StaffRole.PARTNER_ADMIN)
			.findFirst()
			.orElseThrow()
			.email();
		String base = "/console/partners/" + partner;
		manager.get(base + "/templates/welcome");
		manager.post(base + "/templates/welcome", "subject", "Hi again", "html", "<p>Hello again</p>", "text",
				"Hello again", "action", "publish");
		manager.get(base + "/settings/staff");
		manager.post(base + "/settings/staff", "displayName", "Bea", "email", uniqueEmail("bea"), "role", "STAFF",
				"password", "a long enough password");

		List<Entry> entries = entries(partner);
		assertThat(entries).extracting(Entry::action, Entry::actor)
			.containsExactly(tuple("partner.enrolled", "admin token"), tuple("template.published", "API key " + prefix),
					tuple("program.created", "API key " + prefix), tuple("program.disabled", "API key " + prefix),
					tuple("api-key.created", "API key " + prefix), tuple("api-key.revoked", "API key " + prefix),
					tuple("contact.erased", "API key " + prefix), tuple("partner.paused", "admin token"),
					// The test made the manager itself, outside any request.
					tuple("staff.created", "system"), tuple("template.published", managerEmail),
					tuple("staff.created", managerEmail));
		assertThat(entries.get(6).target()).isEqualTo("contact #" + ada);
		assertThat(entries.get(9).target()).isEqualTo("template welcome version 2");
		assertThat(this.jdbc.sql("SELECT actor, target FROM audit_event WHERE partner_id = ?")
			.param(partner)
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
			.list()).as("no contact's personal data").noneMatch(text -> text.toLowerCase().contains("auditmarker"));

		ConsoleClient operator = console(null, StaffRole.ADMIN);
		ConsoleClient.Page page = operator.get("/console/admin/audit?partner=" + partner);
		assertThat(page.status()).isEqualTo(200);
		List<String> shown = page.doc().select("[data-testid=audit] tbody tr").stream().map(Element::text).toList();
		assertThat(shown).hasSize(entries.size());
		assertThat(shown.get(0)).contains(managerEmail).contains("staff.created");
		assertThat(shown.get(shown.size() - 1)).contains("admin token").contains("partner.enrolled");
		assertThat(manager.get("/console/admin/audit").status()).as("a partner admin").isEqualTo(403);

		// The partner admin reads their own partner's entries under its settings.
		ConsoleClient.Page own = manager.get(base + "/settings/audit");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.doc().select("[data-testid=audit] tbody tr").stream().map(Element::text).toList())
			.isEqualTo(shown.stream().map(row -> row.replace(" " + partnerName(partner) + " ", " ")).toList());
		assertThat(own.one("nav.settings-tabs a[aria-current=page]").text()).isEqualTo("Audit log");
	}

	@Test
	void theAuditLogPagesThroughOlderEntries() {
		CLOCK.set("2027-05-03T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		long partner = this.partnerId;
		for (int i = 0; i < AuditPages.PAGE + 5; i++) {
			assertThat(shop.patch("/api/v1/programs/client-check-in", "{\"enabled\":" + (i % 2 == 0) + "}").status())
				.isEqualTo(200);
		}
		ConsoleClient operator = console(null, StaffRole.ADMIN);
		ConsoleClient.Page first = operator.get("/console/admin/audit?partner=" + partner);
		assertThat(first.doc().select("[data-testid=audit] tbody tr")).hasSize(AuditPages.PAGE);
		ConsoleClient.Page older = operator.get(first.one("a:contains(Older entries)").attr("href"));
		// 105 program changes and the enrollment: 6 left for the second page.
		assertThat(older.doc().select("[data-testid=audit] tbody tr")).hasSize(6);
		assertThat(older.doc().select("a:contains(Older entries)")).isEmpty();
	}

	@Test
	void aPartnersSystemReadsItsOwnEntriesOverTheApiNewestFirstAndPaged() {
		CLOCK.set("2027-05-03T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String prefix = shop.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();
		assertThat(shop.patch("/api/v1/programs/client-check-in", "{\"enabled\":false}").status()).isEqualTo(200);
		assertThat(shop.post("/api/v1/keys", "{\"label\":\"till\"}").status()).isEqualTo(201);
		Api other = enroll("UTC", "09:00", "18:00");
		assertThat(other.patch("/api/v1/programs/birthday", "{\"enabled\":false}").status()).isEqualTo(200);

		JsonNode all = shop.get("/api/v1/audit").json();
		assertThat(all.get("total").asLong()).isEqualTo(3);
		List<String> shown = new ArrayList<>();
		all.get("items")
			.forEach((item) -> shown.add(item.get("action").asString() + " | " + item.get("target").asString() + " | "
					+ item.get("actorKind").asString() + " | " + item.get("actor").asString() + " | "
					+ item.get("at").asString()));
		assertThat(shown).containsExactly(
				"api-key.created | API key " + secondPrefix(shop, prefix) + " | API_KEY | API key " + prefix
						+ " | 2027-05-03T10:00:00Z",
				"program.disabled | program client-check-in | API_KEY | API key " + prefix + " | 2027-05-03T10:00:00Z",
				"partner.enrolled | " + all.get("items").get(2).get("target").asString()
						+ " | ADMIN_TOKEN | admin token | 2027-05-03T10:00:00Z");

		JsonNode second = shop.get("/api/v1/audit?page=1&size=1").json();
		assertThat(second.get("items")).hasSize(1);
		assertThat(second.get("items").get(0).get("action").asString()).isEqualTo("program.disabled");
		assertThat(second.get("total").asLong()).isEqualTo(3);

		// The other partner sees its own two entries and none of the first's.
		JsonNode theirs = other.get("/api/v1/audit").json();
		assertThat(theirs.get("total").asLong()).isEqualTo(2);
		List<Long> ids = new ArrayList<>();
		all.get("items").forEach((item) -> ids.add(item.get("id").asLong()));
		theirs.get("items").forEach((item) -> assertThat(ids).doesNotContain(item.get("id").asLong()));
		assertThat(theirs.get("items").get(0).get("target").asString()).isEqualTo("program birthday");
	}

	private static String secondPrefix(Api shop, String first) {
		List<String> prefixes = new ArrayList<>();
		shop.get("/api/v1/keys").json().get("items").forEach((key) -> prefixes.add(key.get("prefix").asString()));
		prefixes.remove(first);
		assertThat(prefixes).hasSize(1);
		return prefixes.get(0);
	}

	private String partnerName(long partner) {
		return this.jdbc.sql("SELECT name FROM partner WHERE id = ?").param(partner).query(String.class).single();
	}

	private record Entry(String action, String actor, String target) {
	}

	private List<Entry> entries(long partner) {
		return this.jdbc.sql("SELECT action, actor, target FROM audit_event WHERE partner_id = ? ORDER BY id")
			.param(partner)
			.query((rs, row) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

}
