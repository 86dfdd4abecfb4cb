package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's campaign pages: create a campaign with the form (errors by the field),
 * see how many contacts match before starting, start, pause, resume and cancel it with
 * the buttons, and follow its progress on the list; another partner's staff get 404.
 */
class CampaignPagesTest extends IntegrationTest {

	private Api shop() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.put("/api/v1/templates/appreciation", """
				{"subject":"Thank you","html":"<p>Thanks.</p>","text":"Thanks."}""").status()).isEqualTo(201);
		shop.post("/api/v1/templates/appreciation/publish", "{}");
		for (String ref : new String[] { "ana", "ben", "cy" }) {
			shop.put("/api/v1/contacts/" + ref, "{\"email\":\"" + uniqueEmail(ref) + "\",\"relationship\":\""
					+ (ref.equals("cy") ? "CUSTOMER" : "CLIENT") + "\"}");
		}
		return shop;
	}

	@Test
	void staffCreateACampaignSeeItsSegmentAndStartPauseResumeAndCancelIt() {
		CLOCK.set("2027-05-03T06:00:00Z");
		shop();
		long partner = this.partnerId;
		ConsoleClient staff = console(partner, StaffRole.STAFF);
		String base = "/console/partners/" + partner + "/campaigns";

		ConsoleClient.Page empty = staff.get(base);
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.one(".empty").text()).contains("No campaigns yet");
		assertThat(empty.one("nav a[aria-current=page]").text()).isEqualTo("Campaigns");

		ConsoleClient.Page form = staff.get(base + "/new");
		assertThat(form.doc().select("#template option").eachAttr("value")).contains("appreciation");

		ConsoleClient.Page bad = staff.post(base, "key", "Bad Key", "name", "Thanks month", "template", "appreciation",
				"scheduleKind", "local", "localDate", "2027-05-20", "localTime", "10:00");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.one("#key").attr("aria-invalid")).isEqualTo("true");
		assertThat(bad.one("#key-error").text()).contains("lowercase");
		assertThat(bad.one("#name").attr("value")).isEqualTo("Thanks month");

		ConsoleClient.Page noCurrency = staff.post(base, "key", "thanks", "name", "Thanks month", "template",
				"appreciation", "minLifetimeSpend", "10", "scheduleKind", "local", "localDate", "2027-05-20",
				"localTime", "10:00");
		assertThat(noCurrency.one("#currency-error").text()).contains("currency");

		ConsoleClient.Page created = staff.post(base, "key", "thanks", "name", "Thanks month", "template",
				"appreciation", "relationship", "CLIENT", "scheduleKind", "local", "localDate", "2027-05-20",
				"localTime", "10:00");
		assertThat(created.path()).isEqualTo(base + "/thanks");
		assertThat(created.one(".alert-ok").text()).contains("Created");
		assertThat(created.one(".segment-size").text()).isEqualTo("2 contacts match this segment now.");
		assertThat(created.one("h1").text()).isEqualTo("Thanks month");

		ConsoleClient.Page started = staff.post(base + "/thanks/start");
		assertThat(started.one(".alert-ok").text()).contains("Started");
		assertThat(started.one("[data-count=planned]").text()).isEqualTo("2");
		assertThat(started.doc().select("[data-testid=pause]")).hasSize(1);

		ConsoleClient.Page paused = staff.post(base + "/thanks/pause");
		assertThat(paused.one("[data-count=held]").text()).isEqualTo("2");
		assertThat(paused.one(".campaign-state").text()).isEqualTo("Paused");
		ConsoleClient.Page pausedAgain = staff.post(base + "/thanks/pause");
		assertThat(pausedAgain.one(".alert-error").text()).contains("paused");

		ConsoleClient.Page resumed = staff.post(base + "/thanks/resume");
		assertThat(resumed.one("[data-count=planned]").text()).isEqualTo("2");
		assertThat(resumed.one("form[data-confirm]").attr("action")).endsWith("/thanks/cancel");

		ConsoleClient.Page cancelled = staff.post(base + "/thanks/cancel");
		assertThat(cancelled.one("[data-count=cancelled]").text()).isEqualTo("2");
		assertThat(cancelled.doc().select("[data-testid=cancel]")).isEmpty();

		ConsoleClient.Page list = staff.get(base);
		assertThat(list.one("tr[data-campaign=thanks] .campaign-link").text()).isEqualTo("Thanks month");
		assertThat(list.one("tr[data-campaign=thanks] .bar-legend").text()).contains("0 sent");
		assertThat(list.one("tr[data-campaign=thanks] .campaign-state").text()).isEqualTo("Cancelled");
	}

	@Test
	void anotherPartnersStaffGet404ForEveryCampaignPage() {
		CLOCK.set("2027-05-03T06:00:00Z");
		Api a = shop();
		long partnerA = this.partnerId;
		assertThat(a.post("/api/v1/campaigns", """
				{"key":"a-secret","name":"Secret month","template":"appreciation",
				 "schedule":{"localDate":"2027-05-20","localTime":"10:00"}}""").status()).isEqualTo(201);
		shop();
		long partnerB = this.partnerId;
		ConsoleClient b = console(partnerB, StaffRole.PARTNER_ADMIN);

		assertThat(b.get("/console/partners/" + partnerA + "/campaigns").status()).isEqualTo(404);
		assertThat(b.get("/console/partners/" + partnerA + "/campaigns/a-secret").status()).isEqualTo(404);
		assertThat(b.get("/console/partners/" + partnerB + "/campaigns/a-secret").status()).isEqualTo(404);
		for (String action : new String[] { "start", "pause", "resume", "cancel" }) {
			assertThat(b.post("/console/partners/" + partnerB + "/campaigns/a-secret/" + action).status()).as(action)
				.isEqualTo(404);
			assertThat(b.post("/console/partners/" + partnerA + "/campaigns/a-secret/" + action).status()).as(action)
				.isEqualTo(404);
		}
		assertThat(b.get("/console/partners/" + partnerB + "/campaigns").text()).doesNotContain("Secret month");
		assertThat(a.get("/api/v1/campaigns/a-secret").json().get("state").asString()).isEqualTo("DRAFT");
	}

}
