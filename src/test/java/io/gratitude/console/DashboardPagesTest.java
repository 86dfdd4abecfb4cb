package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard over real HTTP: its counts are the stats API's, its chart has a bar for a
 * day with sends, and its panels list what goes out next and whose date is near.
 */
class DashboardPagesTest extends IntegrationTest {

	@Test
	void theCountsAreTheStatsOfTheApiAndTheChartShowsTodaysSends() {
		CLOCK.set("2027-06-10T12:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		String anaEmail = uniqueEmail("ana");
		shop.put("/api/v1/contacts/ana", "{\"email\":\"%s\",\"firstName\":\"Ana\"}".formatted(anaEmail));
		shop.put("/api/v1/contacts/ben", """
				{"email":"%s","firstName":"Ben","lastName":"Carter",
				 "significantDates":[{"kind":"BIRTHDAY","month":6,"day":12}]}""".formatted(uniqueEmail("ben")));
		shop.put("/api/v1/contacts/cara", """
				{"email":"%s","firstName":"Cara","significantDates":[{"kind":"BIRTHDAY","month":7,"day":30}]}"""
			.formatted(uniqueEmail("cara")));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		shop.post("/api/v1/sales", sale("ORD-1", "ana"));
		eventually().until(() -> TestMail.to(anaEmail).size() == 1);
		eventually().until(() -> outreachOf(shop, "ana").stream().anyMatch(o -> "SENT".equals(text(o, "status"))));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT24H\"}");
		shop.post("/api/v1/sales", sale("ORD-2", "ana"));
		eventually().until(() -> !outreachOf(shop, "ben").isEmpty());

		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		ConsoleClient.Page dashboard = console.get("/console/partners/" + this.partnerId);
		assertThat(dashboard.status()).isEqualTo(200);

		assertThat(dashboard.doc().select("[data-testid=period]")).hasSize(3);
		for (Element period : dashboard.doc().select("[data-testid=period]")) {
			JsonNode stats = shop
				.get("/api/v1/stats?from=" + period.attr("data-from") + "&to=" + period.attr("data-to"))
				.json()
				.get("byStatus");
			assertThat(count(period, "SENT")).isEqualTo(stats.get("SENT").asLong()).isEqualTo(1);
			assertThat(count(period, "SCHEDULED"))
				.isEqualTo(stats.get("SCHEDULED").asLong() + stats.get("RETRY").asLong());
			assertThat(count(period, "FAILED")).isEqualTo(stats.get("FAILED").asLong());
			assertThat(count(period, "SKIPPED")).isEqualTo(stats.get("SKIPPED").asLong());
		}
		Element today = dashboard.doc().select("[data-testid=period]").first();
		assertThat(today.attr("data-from")).isEqualTo("2027-06-10T00:00:00Z");
		assertThat(today.attr("data-to")).isEqualTo("2027-06-11T00:00:00Z");

		Element bar = dashboard.one("svg.sends-chart g[data-day=2027-06-10] rect.bar");
		assertThat(bar.attr("data-program")).isEqualTo("after-sale-thanks");
		assertThat(bar.attr("data-count")).isEqualTo("1");
		assertThat(Double.parseDouble(bar.attr("height"))).isPositive();
		assertThat(bar.selectFirst("title").text()).isEqualTo("10 Jun: 1 sent by after-sale-thanks");
		assertThat(dashboard.doc().select("svg.sends-chart g[data-day=2027-06-09] rect.bar")).isEmpty();
		assertThat(dashboard.one("svg.sends-chart").attr("aria-label")).startsWith("1 messages sent");
		assertThat(dashboard.one(".chart-legend").text()).contains("after-sale-thanks");

		// Next to go out: the sale thanked tomorrow and Ben's birthday, soonest first.
		assertThat(dashboard.doc().select("#upcoming tbody tr")).hasSize(2);
		assertThat(dashboard.doc().select("#upcoming tbody tr td:nth-child(2) a").eachAttr("href")).containsExactly(
				"/console/partners/" + this.partnerId + "/contacts/ana",
				"/console/partners/" + this.partnerId + "/contacts/ben");
		assertThat(dashboard.one("#upcoming tbody tr").text()).contains("Fri 11 Jun 2027, 12:00", "after-sale-thanks");

		// Ben's birthday is in two days; Cara's is further than 14 days away.
		assertThat(dashboard.doc().select("#near-dates tbody tr")).hasSize(1);
		assertThat(dashboard.one("#near-dates tbody tr").text()).contains("Ben Carter", "Birthday", "Sat 12 Jun 2027",
				"2");
		assertThat(dashboard.one("#near-dates a").attr("href"))
			.isEqualTo("/console/partners/" + this.partnerId + "/contacts/ben");
		assertThat(dashboard.one("#failures .empty").text()).contains("No message failed");
	}

	@Test
	void aNewPartnersDashboardSaysSoInEveryPanel() {
		CLOCK.set("2027-06-10T12:00:00Z");
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient.Page dashboard = console(this.partnerId, StaffRole.STAFF)
			.get("/console/partners/" + this.partnerId);

		assertThat(dashboard.doc().select(".stat-value").eachText()).containsOnly("0");
		assertThat(dashboard.doc().select(".empty").eachText()).contains("Nothing was sent in the last 30 days.",
				"No message failed in the last 30 days.");
		assertThat(dashboard.doc().select("svg")).isEmpty();
	}

	@Test
	void anotherPartnersDashboardIsNotFound() {
		Api first = enroll("UTC", "00:00", "00:00");
		first.put("/api/v1/contacts/ana",
				"""
						{"email":"ana@example.com","firstName":"Secretana","significantDates":[{"kind":"BIRTHDAY","month":6,"day":12}]}""");
		long other = this.partnerId;
		enroll("UTC", "00:00", "00:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);

		ConsoleClient.Page page = console.get("/console/partners/" + other);
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.text()).doesNotContain("Secretana");
		assertThat(console.get("/console/partners/" + this.partnerId).text()).doesNotContain("Secretana");
		// With a real mail server configured (as here) there is no outbox to show.
		ConsoleClient.Page own = console.get("/console/partners/" + this.partnerId);
		assertThat(own.doc().select("nav a").eachText()).doesNotContain("Outbox");
		assertThat(console.get("/console/partners/" + this.partnerId + "/outbox").status()).isEqualTo(404);
	}

	private static long count(Element period, String status) {
		return Long.parseLong(period.selectFirst("[data-status=" + status + "] .stat-value").text());
	}

	private static String text(JsonNode node, String field) {
		return node.get(field).asString();
	}

	private static String sale(String ref, String contact) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":"24.90","currency":"EUR","occurredAt":"2027-06-10T12:00:00Z"}"""
			.formatted(ref, contact);
	}

}
