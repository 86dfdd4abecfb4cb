package io.gratitude.console;

import java.util.List;

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
 * The outreach log in the console over real HTTP: filters, paging, the CSV export, one
 * outreach with its attempts and message, cancelling, and the template test sends.
 */
class SendLogPagesTest extends IntegrationTest {

	/**
	 * A sale thanked at once (SENT), a sale thanked in a day (SCHEDULED, due
	 * 2027-06-11T12:00Z) and Ben's birthday (SCHEDULED, 2027-06-12).
	 */
	private Api shopWithThreeRows() {
		CLOCK.set("2027-06-10T12:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		String anaEmail = uniqueEmail("ana");
		shop.put("/api/v1/contacts/ana",
				"{\"email\":\"%s\",\"firstName\":\"Ana\",\"lastName\":\"Lima\"}".formatted(anaEmail));
		shop.put("/api/v1/contacts/ben", """
				{"email":"%s","firstName":"Ben","significantDates":[{"kind":"BIRTHDAY","month":6,"day":12}]}"""
			.formatted(uniqueEmail("ben")));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		shop.post("/api/v1/sales", sale("ORD-1", "ana"));
		eventually().until(() -> TestMail.to(anaEmail).size() == 1);
		eventually().until(() -> "SENT".equals(status(shop, "sale:ORD-1")));
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT24H\"}");
		shop.post("/api/v1/sales", sale("ORD-2", "ana"));
		eventually().until(() -> !outreachOf(shop, "ben").isEmpty());
		return shop;
	}

	@Test
	void theFiltersNarrowTheLogAndTheCsvCarriesThem() {
		Api shop = shopWithThreeRows();
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		String base = "/console/partners/" + this.partnerId + "/outreach";

		ConsoleClient.Page all = console.get(base);
		assertThat(all.status()).isEqualTo(200);
		assertThat(rows(all)).hasSize(3);
		assertThat(all.one("[data-testid=total]").text()).isEqualTo("3 messages in the log.");
		for (String label : List.of("Status", "Program", "Due from", "Due to", "Contact")) {
			assertThat(all.doc().select("form.filters label").eachText()).contains(label);
		}

		ConsoleClient.Page sent = console.get(base + "?status=SENT");
		assertThat(rows(sent)).hasSize(1);
		assertThat(rows(sent).get(0).text()).contains("ana", "after-sale-thanks", "Sent", "250");
		assertThat(sent.one("#f-status option[selected]").val()).isEqualTo("SENT");
		assertThat(rows(console.get(base + "?program=birthday"))).hasSize(1);
		assertThat(rows(console.get(base + "?contact=Lima"))).hasSize(2);
		assertThat(rows(console.get(base + "?contact=ben"))).hasSize(1);
		ConsoleClient.Page tomorrow = console.get(base + "?from=2027-06-11&to=2027-06-11");
		assertThat(rows(tomorrow)).hasSize(1);
		assertThat(rows(tomorrow).get(0).text()).contains("Fri 11 Jun 2027, 12:00", "Scheduled");
		ConsoleClient.Page none = console.get(base + "?status=FAILED");
		assertThat(rows(none)).isEmpty();
		assertThat(none.one(".empty").text()).isEqualTo("No messages match these filters.");

		ConsoleClient.Page bad = console.get(base + "?from=yesterday&to=2027-06-01");
		assertThat(bad.status()).isEqualTo(200);
		assertThat(bad.one("#f-from").attr("aria-invalid")).isEqualTo("true");
		assertThat(bad.one("#f-from-error").text()).contains("2027-03-14");
		ConsoleClient.Page backwards = console.get(base + "?from=2027-06-12&to=2027-06-11");
		assertThat(backwards.one("#f-to-error").text()).contains("must not be before");

		ConsoleClient.Page scheduled = console.get(base + "?status=SCHEDULED");
		String csvLink = scheduled.one("[data-testid=csv-export]").attr("href");
		assertThat(csvLink).isEqualTo(base + ".csv?status=SCHEDULED");
		ConsoleClient.Page csv = console.get(csvLink);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).startsWith("attachment");
		String[] lines = csv.raw().body().split("\r\n");
		String apiHeader = shop.get("/api/v1/outreach.csv").raw().body().split("\r\n")[0];
		assertThat(lines[0]).isEqualTo(apiHeader)
			.isEqualTo("id,program,contactRef,occasion,status,reason,dueAt,sentAt,messageId,attempts,lastReply");
		assertThat(lines).hasSize(3);
		assertThat(lines[1] + lines[2]).contains("sale:ORD-2", "birthday@2027-06-12").doesNotContain("ORD-1");
	}

	@Test
	void oneOutreachShowsItsAttemptsAndItsMessageAndAScheduledOneCanBeCancelled() {
		Api shop = shopWithThreeRows();
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		String base = "/console/partners/" + this.partnerId + "/outreach/";
		JsonNode sent = row(shop, "sale:ORD-1");

		ConsoleClient.Page detail = console.get(base + sent.get("id").asLong());
		assertThat(detail.status()).isEqualTo(200);
		assertThat(detail.one("#status").text()).isEqualTo("Sent");
		assertThat(detail.one(".facts").text()).contains("after-sale-thanks", "Ana Lima", "sale:ORD-1",
				sent.get("messageId").asString());
		assertThat(detail.doc().select("#attempts tbody tr")).hasSize(1);
		assertThat(detail.one("#attempts tbody tr").text()).contains("250");
		JsonNode rendered = shop.get("/api/v1/outreach/" + sent.get("id").asLong()).json().get("rendered");
		assertThat(detail.one("#subject").text()).isEqualTo(rendered.get("subject").asString());
		Element frame = detail.one("iframe.message-frame");
		assertThat(frame.attr("sandbox")).isEmpty();
		assertThat(frame.hasAttr("sandbox")).isTrue();
		assertThat(frame.attr("srcdoc")).isEqualTo(rendered.get("html").asString());
		assertThat(detail.one("#text-part").wholeText()).isEqualTo(rendered.get("text").asString());
		assertThat(detail.doc().select("[data-testid=cancel]")).isEmpty();

		long scheduled = row(shop, "sale:ORD-2").get("id").asLong();
		ConsoleClient.Page waiting = console.get(base + scheduled);
		assertThat(waiting.one("#status").text()).isEqualTo("Scheduled");
		assertThat(waiting.one(".empty").text()).isEqualTo("No delivery attempt yet.");
		assertThat(console.postWithoutCsrf(base + scheduled + "/cancel").status()).isEqualTo(403);
		assertThat(status(shop, "sale:ORD-2")).isEqualTo("SCHEDULED");

		ConsoleClient.Page cancelled = console.post(base + scheduled + "/cancel");
		assertThat(cancelled.path()).isEqualTo(base + scheduled);
		assertThat(cancelled.one(".alert-ok").text()).contains("Cancelled");
		assertThat(cancelled.one("#status").text()).isEqualTo("Cancelled");
		assertThat(status(shop, "sale:ORD-2")).isEqualTo("CANCELLED");
		ConsoleClient.Page again = console.post(base + sent.get("id").asLong() + "/cancel");
		assertThat(again.one(".alert-error").text()).contains("can no longer be cancelled");
	}

	@Test
	void testSendsOfTheTemplateEditorAppearInTheLog() {
		CLOCK.set("2027-06-10T12:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		String me = uniqueEmail("me");
		Api.Response test = shop.post("/api/v1/templates/birthday/test-send", "{\"to\":\"%s\"}".formatted(me));
		assertThat(test.status()).as(test.raw().body()).isEqualTo(202);
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);

		ConsoleClient.Page log = console.get("/console/partners/" + this.partnerId + "/outreach");
		assertThat(log.one(".recent-tests").text()).contains("birthday", me, "Accepted");
		ConsoleClient.Page tests = console.get(log.one("[data-testid=test-sends-tab]").attr("href"));
		assertThat(tests.path()).isEqualTo("/console/partners/" + this.partnerId + "/outreach?kind=tests");
		assertThat(tests.doc().select("table.test-sends tbody tr")).hasSize(1);
		assertThat(tests.one("table.test-sends tbody tr").text()).contains("Thu 10 Jun 2027, 12:00", "birthday", me,
				"250");
	}

	@Test
	void anotherPartnersLogAndOutreachAreNotFoundEvenByTamperingWithTheUrl() {
		Api shop = shopWithThreeRows();
		long first = this.partnerId;
		long id = row(shop, "sale:ORD-2").get("id").asLong();
		enroll("UTC", "00:00", "00:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);

		assertThat(console.get("/console/partners/" + first + "/outreach").status()).isEqualTo(404);
		assertThat(console.get("/console/partners/" + first + "/outreach.csv").status()).isEqualTo(404);
		assertThat(console.get("/console/partners/" + first + "/outreach/" + id).status()).isEqualTo(404);
		assertThat(console.get("/console/partners/" + first + "/outreach?kind=tests").status()).isEqualTo(404);
		// Partner A's outreach under partner B's own URL.
		ConsoleClient.Page tampered = console.get("/console/partners/" + this.partnerId + "/outreach/" + id);
		assertThat(tampered.status()).isEqualTo(404);
		assertThat(tampered.text()).doesNotContain("ORD-2");
		assertThat(console.get("/console/partners/" + this.partnerId + "/outreach/not-a-number").status())
			.isEqualTo(404);
		// A page of the console first, for the form's CSRF token, as a browser would.
		console.get("/console/partners/" + this.partnerId + "/outreach");
		assertThat(console.post("/console/partners/" + this.partnerId + "/outreach/" + id + "/cancel").status())
			.isEqualTo(404);
		assertThat(console.post("/console/partners/" + first + "/outreach/" + id + "/cancel").status()).isEqualTo(404);
		assertThat(status(shop, "sale:ORD-2")).isEqualTo("SCHEDULED");
		assertThat(rows(console.get("/console/partners/" + this.partnerId + "/outreach"))).isEmpty();
		assertThat(console.get("/console/partners/" + this.partnerId + "/outreach.csv").raw().body().split("\r\n"))
			.hasSize(1);
	}

	private static List<Element> rows(ConsoleClient.Page page) {
		return page.doc().select("table#log tbody tr");
	}

	private static String status(Api shop, String occasion) {
		return row(shop, occasion).get("status").asString();
	}

	private static JsonNode row(Api shop, String occasion) {
		Api.Response response = shop.get("/api/v1/outreach?size=500");
		return response.json()
			.get("items")
			.valueStream()
			.filter(o -> o.get("occasion").asString().equals(occasion))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no outreach " + occasion + " in " + response.raw().body()));
	}

	private static String sale(String ref, String contact) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":"24.90","currency":"EUR","occurredAt":"2027-06-10T12:00:00Z"}"""
			.formatted(ref, contact);
	}

}
